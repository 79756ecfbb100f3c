using System.Diagnostics;
using System.Text;

namespace Harness.Tests.Infrastructure;

/// <summary>
/// Runs the real harness CLI as a child process and sends it a signal once a line of its standard output matches, as a user
/// pressing Ctrl+C (or CI stopping a job) at that point would.
/// </summary>
public static class InterruptedCli
{
    /// <summary>
    /// Starts the CLI with <paramref name="arguments"/>, sends <paramref name="signal"/> (e.g. INT, TERM) when a line of its
    /// output satisfies <paramref name="when"/>, and returns what it printed and its exit code. The CLI is started through
    /// perl, which restores SIGINT's default first: a process started in the background by a shell (as test runners often
    /// are) inherits SIGINT ignored, and the runtime keeps it ignored, so the signal would never reach the harness.
    /// </summary>
    public static async Task<CliProcess.Result> RunAsync(
        IEnumerable<string> arguments, Func<string, bool> when, string signal, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("perl")
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["-e", "$SIG{INT} = 'DEFAULT'; exec @ARGV or die \"exec: $!\"", "dotnet", CliProcess.CliDll, .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("SAMPLE_FLAW");
        using var process = Process.Start(start)!;
        var stdout = new StringBuilder();
        var signalled = false;
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            while (await process.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
            {
                stdout.AppendLine(line);
                if (!signalled && when(line))
                {
                    signalled = true;
                    using var kill = Process.Start("kill", [$"-{signal}", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                    await kill.WaitForExitAsync(cancellationToken);
                }
            }

            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return signalled
            ? new CliProcess.Result(process.ExitCode, stdout.ToString(), await stderr)
            : throw new InvalidOperationException($"the CLI ended before the line to signal at:\n{stdout}\n{await stderr}");
    }
}
