using Harness.Errors;
using Harness.Provisioning;
using Npgsql;

namespace Harness.Cli.Commands;

/// <summary>
/// Turns a failure into <c>error: message</c> on standard error and exit code 2; the stack trace only with --diagnostics.
/// Harness failures carry messages written for users, and so do a database that refuses and a file that cannot be read;
/// anything else is a bug in the harness and says so.
/// </summary>
internal static class Failures
{
    public static async Task<int> GuardAsync(bool diagnostics, Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("error: cancelled; everything the run created has been removed");
            return ExitCodes.CouldNotRun;
        }
        catch (Exception e) when (IsKnown(e))
        {
            await Console.Error.WriteLineAsync($"error: {Describe(e)}");
            if (e is ProvisioningException { Log: { Length: > 0 } log })
            {
                await Console.Error.WriteLineAsync($"server output:\n{log}");
            }

            if (diagnostics)
            {
                await Console.Error.WriteLineAsync(e.ToString());
            }

            return ExitCodes.CouldNotRun;
        }
        catch (Exception e)
        {
            await Console.Error.WriteLineAsync($"error: {HarnessBug.Describe(e)}");
            await Console.Error.WriteLineAsync(diagnostics ? e.ToString() : "run again with --diagnostics for the stack trace, and report it as a bug");
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
