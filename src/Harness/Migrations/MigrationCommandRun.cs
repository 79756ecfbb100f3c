using System.ComponentModel;
using Harness.Processes;

namespace Harness.Migrations;

/// <summary>
/// Runs one migration-related command (the migration itself, or the command that lists its versions) in its own process
/// group with a private <c>TMPDIR</c>, bounded by a timeout; a failure is a <see cref="MigrationException"/> carrying its output.
/// </summary>
internal static class MigrationCommandRun
{
    private const int OutputLinesKept = 40;

    /// <summary>The most standard output lines kept for a command whose output is data (a version list).</summary>
    private const int StandardOutputLinesKept = 100_000;

    /// <summary>
    /// Runs <paramref name="command"/>; <paramref name="what"/> names it in messages ("migration command", "versions command"),
    /// <paramref name="key"/> the manifest key that gives it (<c>migrations.command</c>).
    /// Returns its standard output lines when <paramref name="captureOutput"/> is set, else an empty list.
    /// </summary>
    public static async Task<IReadOnlyList<string>> RunAsync(
        IReadOnlyList<string> command,
        string what,
        string key,
        string workingDirectory,
        IReadOnlyDictionary<string, string> environment,
        TimeSpan timeout,
        bool captureOutput,
        CancellationToken cancellationToken)
    {
        if (command.Count == 0)
        {
            throw new MigrationException($"the {what} is empty; give the program and its arguments, e.g. [\"sh\", \"migrate.sh\"].");
        }

        var standardOutput = captureOutput ? new OutputTail(StandardOutputLinesKept) : null;

        // The command shares the harness's standard input, as a migration tool run by hand would.
        var start = new ProcessCommand(command[0], [.. command.Skip(1)])
        {
            WorkingDirectory = workingDirectory,
            Environment = environment,
            CloseStandardInput = false,

            // Its own process group with a private TMPDIR: everything it starts is stopped with it, or by the next run
            // if the harness is killed.
            OwnProcessGroup = true,
            StandardOutput = standardOutput,
        };
        var output = new OutputTail(OutputLinesKept);
        var text = string.Join(' ', command);
        ChildProcess process;
        try
        {
            process = ChildProcess.Start(start, output);
        }
        catch (Win32Exception e)
        {
            throw new MigrationException($"{what} '{command[0]}' could not start ({e.Message}); check {key}.", e) { Migration = text };
        }

        using (process)
        {
            var exitCode = await process.WaitOrKillAsync(timeout, cancellationToken)
                ?? throw new MigrationException(
                    $"{what} '{text}' did not finish within {timeout.TotalSeconds:0} s; raise migrations.timeoutSeconds.\n{output}")
                {
                    Migration = text,
                    Output = OutputOrNull(output),
                };
            if (exitCode != 0)
            {
                throw new MigrationException($"{what} '{text}' exited with code {exitCode}; its last output:\n{output}")
                {
                    Migration = text,
                    Output = OutputOrNull(output),
                };
            }
        }

        return standardOutput?.Lines() ?? [];
    }

    private static string? OutputOrNull(OutputTail output) => output.Lines().Count == 0 ? null : output.ToString();
}
