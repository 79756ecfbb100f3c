using System.Globalization;
using Harness.Findings;
using Harness.Running;
using Harness.Sql;
using Npgsql;

namespace Harness.Drills.Restore;

/// <summary>
/// Whether the restored copy stopped at the target (RST005): every journaled commit up to the target present, every later one
/// absent (per tenant), none of the disaster in it, and a "recovery stopping" line in the server log (the drill always sets a target).
/// Also what each tenant lost: its RPO, the target's time minus that of its last commit the copy holds.
/// </summary>
internal static class RecoveryPointCheck
{
    public static async Task<(CheckResult Check, IReadOnlyDictionary<string, DateTimeOffset> LastIncluded)> RunAsync(
        string restoredConnectionString, string schema, WriteJournal journal, ScriptedDisaster disaster, RecoveryOutcome outcome,
        int maxFindings, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(restoredConnectionString);
        await connection.OpenAsync(cancellationToken);
        var findings = new List<Finding>();
        var lastIncluded = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var entry in journal.Entries)
        {
            var present = await PresentAsync(connection, schema, entry, cancellationToken);
            var expected = entry.Sequence <= journal.TargetSequence;
            if (present)
            {
                lastIncluded[entry.Tenant] = entry.CommittedBy;
            }

            if (present != expected)
            {
                findings.Add(new Finding(
                    DrillRules.WrongRecoveryPoint, Verify.RestoreVerifier.ScenarioId, $"{entry.Table} tenant {entry.Tenant}",
                    expected
                        ? string.Create(CultureInfo.InvariantCulture, $"commit #{entry.Sequence} of tenant {entry.Tenant} ({entry.Kind.ToString().ToLowerInvariant()} of {entry.Table}), before the target, is missing from the restore")
                        : string.Create(CultureInfo.InvariantCulture, $"commit #{entry.Sequence} of tenant {entry.Tenant} ({entry.Kind.ToString().ToLowerInvariant()} of {entry.Table}), after the target, is in the restore"),
                    string.Create(CultureInfo.InvariantCulture, $"committed by LSN {entry.Lsn} at {entry.CommittedBy:O}; target is commit #{journal.TargetSequence}; {Keys(entry.KeyColumns, entry.Key)}")));
            }
        }

        findings.AddRange(await DisasterTracesAsync(connection, schema, disaster, cancellationToken));
        if (outcome.StopLine is null)
        {
            findings.Add(new Finding(
                DrillRules.WrongRecoveryPoint, Verify.RestoreVerifier.ScenarioId, "recovery log",
                "the restored server's log has no 'recovery stopping' line: recovery ran to the end of the archived WAL instead of stopping at the target",
                outcome.LastTransactionLine ?? "(no 'last completed transaction' line either)"));
        }

        var probes = journal.Entries.Count + 3;
        return (new CheckResult(DrillRules.WrongRecoveryPoint, "recovery point (journal, disaster, server log)", [.. findings.Take(maxFindings)], probes), lastIncluded);
    }

    private static async Task<bool> PresentAsync(NpgsqlConnection connection, string schema, JournalEntry entry, CancellationToken cancellationToken)
    {
        var sql = $"SELECT EXISTS (SELECT 1 FROM {SqlIdentifier.Quote(schema, entry.Table)} WHERE {TypedKeyPredicate(entry)} "
            + $"AND {SqlIdentifier.Quote(entry.Column)} = {SqlLiteral.Quote(entry.Marker)})";
        await using var command = new NpgsqlCommand(sql, connection);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task<IReadOnlyList<Finding>> DisasterTracesAsync(
        NpgsqlConnection connection, string schema, ScriptedDisaster disaster, CancellationToken cancellationToken)
    {
        var findings = new List<Finding>();
        await using (var root = new NpgsqlCommand(
            $"SELECT EXISTS (SELECT 1 FROM {SqlIdentifier.Quote(schema, disaster.RootTable)} WHERE {SqlIdentifier.Quote(disaster.RootKey)}::text = {SqlLiteral.Quote(disaster.DeletedTenant)})", connection))
        {
            if (!(bool)(await root.ExecuteScalarAsync(cancellationToken))!)
            {
                findings.Add(Disaster($"{disaster.RootTable} tenant {disaster.DeletedTenant}",
                    $"tenant {disaster.DeletedTenant}, deleted by the disaster after the target, is missing from the restore ({disaster.DeletedRows} rows were deleted)"));
            }
        }

        if (disaster.DroppedPolicy is { } policy)
        {
            await using var command = new NpgsqlCommand(
                "SELECT EXISTS (SELECT 1 FROM pg_policies WHERE schemaname = $1 AND tablename = $2 AND policyname = $3)", connection);
            command.Parameters.AddWithValue(schema);
            command.Parameters.AddWithValue(disaster.DroppedPolicyTable!);
            command.Parameters.AddWithValue(policy.Name);
            if (!(bool)(await command.ExecuteScalarAsync(cancellationToken))!)
            {
                findings.Add(Disaster($"policy {policy.Name} on {disaster.DroppedPolicyTable}",
                    $"policy {policy.Name} on {disaster.DroppedPolicyTable}, dropped by the disaster after the target, is missing from the restore"));
            }
        }

        if (disaster.RekeyedTable is { } table)
        {
            foreach (var key in disaster.RekeyedKeys)
            {
                await using var command = new NpgsqlCommand(
                    $"SELECT 1 FROM {SqlIdentifier.Quote(schema, table)} WHERE {KeyPredicate(disaster.RekeyedKeyColumns, key)} AND {TenantIs(disaster)}", connection);
                if (await command.ExecuteScalarAsync(cancellationToken) is not null)
                {
                    findings.Add(Disaster($"{table} tenant {disaster.RekeyedTo}",
                        $"the row {Keys(disaster.RekeyedKeyColumns, key)} of {table} is under tenant {disaster.RekeyedTo}, where the disaster moved it from tenant {disaster.RekeyedFrom}"));
                }
            }
        }

        return findings;
    }

    private static string TenantIs(ScriptedDisaster disaster) =>
        $"{SqlIdentifier.Quote(disaster.TenantKey)}::text = {SqlLiteral.Quote(disaster.RekeyedTo!)}";

    private static Finding Disaster(string subject, string message) => new(
        DrillRules.WrongRecoveryPoint, Verify.RestoreVerifier.ScenarioId, subject, message,
        "the disaster was committed after the recovery target: a restore holding it stopped past the target");

    /// <summary>The row's key compared in its own types, so the primary key's index finds it.</summary>
    private static string TypedKeyPredicate(JournalEntry entry) =>
        string.Join(" AND ", entry.KeyColumns.Select((c, i) => $"{SqlIdentifier.Quote(c)} = {SqlLiteral.Quote(entry.Key[i])}::{entry.KeyTypes[i]}"));

    private static string KeyPredicate(IReadOnlyList<string> columns, IReadOnlyList<string> values) =>
        string.Join(" AND ", columns.Select((c, i) => $"{SqlIdentifier.Quote(c)}::text = {SqlLiteral.Quote(values[i])}"));

    private static string Keys(IReadOnlyList<string> columns, IReadOnlyList<string> values) =>
        string.Join(", ", columns.Select((c, i) => $"{c} = {values[i]}"));
}
