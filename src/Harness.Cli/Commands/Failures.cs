using Harness.Errors;
using Harness.Provisioning;
using Npgsql;

namespace Harness.Cli.Commands;

/// <summary>
/// Turns a failure into <c>error: message</c> on standard error and exit code 2; the stack trace only with --diagnostics.
/// Harness failures carry messages written for users, and so do a database that refuses and a file that cannot be read;
/// anything else is a bug in the harness and says so. Once the command's token is cancelled (Ctrl+C, SIGTERM), whatever
/// surfaces is the cancellation: exactly <c>error: cancelled</c>, never a bug or a child's exit code.
/// </summary>
internal static class Failures
{
    /// <summary>What is printed, alone, when a command was cancelled.</summary>
    public const string Cancelled = "error: cancelled";

    /// <summary>Runs <paramref name="action"/> and writes its failure, if any, to standard error.</summary>
    public static Task<int> GuardAsync(bool diagnostics, Func<Task<int>> action, CancellationToken cancellationToken = default) =>
        GuardAsync(diagnostics, action, Console.Error, cancellationToken);

    /// <summary>Runs <paramref name="action"/> and writes its failure, if any, to <paramref name="error"/>.</summary>
    internal static async Task<int> GuardAsync(bool diagnostics, Func<Task<int>> action, TextWriter error, CancellationToken cancellationToken = default)
    {
        try
        {
            return await action();
        }
        catch (Exception e) when (e is OperationCanceledException || cancellationToken.IsCancellationRequested)
        {
            // A child killed by the cancellation (initdb exit 137), a disposed connection or an aborted COPY after Ctrl+C are the
            // cancellation seen from below; what the run created has been removed by then (the pipeline's cleanup is bounded).
            await error.WriteLineAsync(Cancelled);
            return ExitCodes.CouldNotRun;
        }
        catch (Exception e) when (IsKnown(e))
        {
            await error.WriteLineAsync($"error: {Describe(e)}");
            if (e is ProvisioningException { Log: { Length: > 0 } log })
            {
                await error.WriteLineAsync($"server output:\n{log}");
            }

            if (diagnostics)
            {
                await error.WriteLineAsync(e.ToString());
            }

            return ExitCodes.CouldNotRun;
        }
        catch (Exception e)
        {
            await error.WriteLineAsync($"error: {HarnessBug.Describe(e)}");
            await error.WriteLineAsync(diagnostics ? e.ToString() : "run again with --diagnostics for the stack trace, and report it as a bug");
            return ExitCodes.CouldNotRun;
        }
    }

    private static bool IsKnown(Exception e) => e is HarnessException or NpgsqlException or IOException;

    private static string Describe(Exception e) => e switch
    {
        PostgresException pg => $"PostgreSQL {pg.SqlState}: {pg.MessageText}",
        NpgsqlException npgsql => $"database: {npgsql.Message}",
        _ => e.Message,
    };
}
