using System.Diagnostics;

namespace Harness.Tests.Infrastructure;

/// <summary>Runs the real harness CLI (or a script) as a child process and captures what a user would see.</summary>
public static class CliProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
    }

    /// <summary>The CLI next to the test binaries (the test project references it).</summary>
    public static string CliDll => Path.Combine(AppContext.BaseDirectory, "Harness.Cli.dll");

    public static Task<Result> HarnessAsync(IEnumerable<string> arguments, IDictionary<string, string>? environment = null, CancellationToken cancellationToken = default) =>
        RunAsync("dotnet", [CliDll, .. arguments], RepositoryPaths.Root, environment, cancellationToken);

    public static async Task<Result> RunAsync(
        string program, IEnumerable<string> arguments, string workingDirectory, IDictionary<string, string>? environment, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("SAMPLE_FLAW");
        // HARNESS_* variables set options (EnvironmentOptions): a test sets the ones it means, never the ones of the shell it runs in.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("HARNESS_", StringComparison.Ordinal) && !k.StartsWith("HARNESS_TEST_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
