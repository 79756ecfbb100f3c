using Harness.Model;
using Npgsql;

namespace Harness.Scenarios.Idor;

/// <summary>
/// A probe whose set-up as the admin failed (a copy that breaks a constraint, a row that cannot be read): the probe is
/// skipped as inconclusive with a note naming the table, the SQLSTATE and the constraint, and the scenario goes on.
/// </summary>
internal static class SetupFailure
{
    /// <summary>The skipped probe's outcome; <paramref name="step"/> says what the admin was doing, e.g. "copying a row of".</summary>
    public static ProbeOutcome Skipped(string step, TableName? table, PostgresException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var where = table?.Value ?? error.TableName ?? "a table";
        var constraint = error.ConstraintName is { } name ? $"constraint {name}" : "no named constraint";
        return new ProbeOutcome(0, [], $"set-up failed, probe skipped: {step} {where} as the admin broke {constraint} (SQLSTATE {error.SqlState}: {error.MessageText})")
        {
            SetupFailed = true,
        };
    }
}
