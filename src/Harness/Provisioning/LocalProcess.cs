using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Harness.Processes;

namespace Harness.Provisioning;

/// <summary>The exit code and the last lines of the combined stdout/stderr of a finished tool.</summary>
internal sealed record LocalProcessResult(int ExitCode, string Output)
{
    public bool Succeeded => ExitCode == 0;
}

/// <summary>Runs a command line tool without a shell, capturing its output; cancellation kills its whole process tree.</summary>
internal static class LocalProcess
{
    /// <summary>Output lines kept per run: far more than the <see cref="Tail"/> an error message shows.</summary>
    private const int OutputLinesKept = 200;

    public static async Task<LocalProcessResult> RunAsync(
        string fileName, IEnumerable<string> arguments, string? workingDirectory, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var output = new OutputTail(OutputLinesKept);
        ChildProcess child;
        try
        {
            child = ChildProcess.Start(new ProcessCommand(fileName, [.. arguments]) { WorkingDirectory = workingDirectory }, output);
        }
        catch (Win32Exception e)
        {
            throw new ProvisioningException($"Could not run '{fileName}': {e.Message}", e);
        }

        using (child)
        {
            var exitCode = await child.WaitOrKillAsync(cancellationToken);
            var text = new StringBuilder();
            foreach (var line in output.Lines())
            {
                text.AppendLine(line);
            }

            return new LocalProcessResult(exitCode, text.ToString());
        }
    }

    /// <summary>The last <paramref name="lines"/> lines of <paramref name="text"/>, for error messages.</summary>
    public static string Tail(string text, int lines = 30)
    {
        var all = text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }

    /// <summary>Ids of running processes whose command line mentions <paramref name="text"/> (Linux /proc; empty elsewhere).</summary>
    public static IReadOnlyList<int> FindByCommandLine(string text)
    {
        var found = new List<int>();
        if (!Directory.Exists("/proc"))
        {
            return found;
        }

        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (commandLine.Contains(text, StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours to see.
            }
        }

        return found;
    }

    /// <summary>Kills a process by id, ignoring one that is already gone.</summary>
    public static void KillById(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill();
            process.WaitForExit(5000);
        }
        catch (ArgumentException)
        {
        }
        catch (InvalidOperationException)
        {
        }
        catch (Win32Exception)
        {
        }
    }
}
