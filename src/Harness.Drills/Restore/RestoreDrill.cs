using System.Diagnostics;
using System.Globalization;
using Harness.Drills.Verify;
using Harness.Errors;
using Harness.Findings;
using Harness.Provisioning;
using Harness.Running;
using Harness.Snapshots;
using Harness.Sql;
using Npgsql;

namespace Harness.Drills.Restore;

/// <summary>
/// <c>harness drill restore</c>: a restore drill end to end on a cluster of its own. It seeds the manifest's target into a local
/// cluster that archives its WAL, takes a base backup (<c>pg_basebackup</c>) and checks its files (<c>pg_verifybackup</c>),
/// journals per-tenant writes with each commit's WAL position and time, snapshots the state at a target between two commits,
/// writes on, strikes a scripted disaster, recovers a copy of the backup to the target on a second port, promotes it, and
/// verifies it per tenant: rows (RST002), canaries (RST003), security catalog (RST004), the recovery point against the journal
/// and the disaster (RST005), and the time the steps took (RST006). With a tenant, it also brings that tenant alone back into
/// the damaged live database and checks nobody else was touched (RST007). With <see cref="BackupTool.PgBackRest"/>, pgBackRest
/// archives, backs up, verifies and restores instead (<see cref="PgBackRest"/>).
/// </summary>
public static class RestoreDrill
{
    /// <summary>The canaries per tenant a drill's snapshots place (see the scope below).</summary>
    private const int CanariesPerTenant = 8;

    private static readonly TimeSpan RecoveryTimeout = TimeSpan.FromMinutes(5);

    public static async Task<RestoreDrillResult> RunAsync(RestoreDrillOptions options, IProgress<string> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(progress);
        if (options.Tenants is < 3)
        {
            throw new UsageException("a restore drill needs at least 3 tenants (one deleted by the disaster, one re-keyed onto another)") { Option = "--tenants" };
        }

        if (options.RtoBudget <= TimeSpan.Zero)
        {
            throw new UsageException("--rto-budget must be positive, e.g. 60s") { Option = "--rto-budget" };
        }

        var whole = Stopwatch.StartNew();
        var metrics = new List<Metric>();
        var checks = new List<CheckResult>();
        var step = Stopwatch.StartNew();
        if (options.BackupTool == BackupTool.PgBackRest && PgBackRest.FindBinary() is null)
        {
            throw new RestoreDrillException(PgBackRest.InstallHint);
        }

        await using var folder = await DrillFolder.CreateAsync(new LocalClusterOptions { TempRoot = options.TempRoot }, cancellationToken);
        var pgBackRest = options.BackupTool == BackupTool.PgBackRest ? PgBackRest.For(folder) : null;
        var target = await DrillTarget.StartAsync(folder, pgBackRest?.ArchiveCommand ?? folder.ArchiveCommand, options, progress, cancellationToken);
        await using var cluster = target.Cluster;
        if (pgBackRest is not null)
        {
            await pgBackRest.CreateStanzaAsync(cluster, cancellationToken);
        }

        var ledger = target.Ledger;
        if (ledger.Tenants.Count < 3)
        {
            throw new UsageException($"a restore drill needs at least 3 tenants; the manifest seeds {ledger.Tenants.Count}: pass --tenants 3 or more") { Option = "--tenants" };
        }

        var victim = options.Tenant switch
        {
            null => ledger.Tenants[0].TenantId,
            RestoreDrillOptions.LargestTenant => ledger.Tenants.MaxBy(t => t.Tables.Sum(table => table.Keys.Count))!.TenantId,
            var named => named,
        };
        if (!ledger.Tenants.Any(t => t.TenantId == victim))
        {
            throw new UsageException(
                $"tenant '{victim}' is not one of the drill's seeded tenants; use one of them, e.g. {string.Join(", ", ledger.Tenants.Take(3).Select(t => t.TenantId))}")
            {
                Option = "--tenant",
            };
        }

        Record(metrics, "setup: initdb, migrate, seed", step);
        progress.Report(string.Create(CultureInfo.InvariantCulture, $"seeded {ledger.Tenants.Count} tenants, {ledger.RowCount} rows ({step.Elapsed.TotalSeconds:0.0}s)"));

        var schema = target.Worker.Schema;
        var tables = TenantTables.Of(target.Model, target.Catalog);
        var rto = new List<(string Step, TimeSpan Took)>();

        step.Restart();
        if (pgBackRest is null)
        {
            await BaseBackup.TakeAsync(folder, cluster, cancellationToken);
            rto.Add(("backup (pg_basebackup)", step.Elapsed));
            step.Restart();
            checks.Add(await BaseBackup.VerifyAsync(folder, cancellationToken));
            rto.Add(("verify backup (pg_verifybackup)", step.Elapsed));
        }
        else
        {
            await pgBackRest.CheckAsync(cancellationToken);
            rto.Add(("check archiving (pgbackrest check)", step.Elapsed));
            step.Restart();
            await pgBackRest.BackupAsync(cancellationToken);
            rto.Add(("backup (pgbackrest backup --type=full)", step.Elapsed));
            step.Restart();
            checks.Add(await pgBackRest.VerifyAsync(cancellationToken));
            rto.Add(("verify backup (pgbackrest verify)", step.Elapsed));
        }

        progress.Report("base backup taken and verified");

        step.Restart();
        var writer = new JournaledWriter(target.Model, tables, ledger);
        var scope = new SnapshotScope
        {
            TenantKey = target.Model.TenantKey,
            Root = new SnapshotRoot(target.Model.Root.Value, target.Model.RootKey),
            // A few canaries per tenant, spread over its seeding order (so over its tables): every seeded row carries one, and
            // placing a million of them costs more than the rest of the drill; the digests cover every row already.
            Canaries = [.. ledger.Tenants.SelectMany(t => t.Canaries.Where((_, i) => i % Math.Max(1, t.Canaries.Count / CanariesPerTenant) == 0))],
        };
        DatabaseSnapshot expected;
        RecoveryTarget recoveryTarget;
        DateTimeOffset targetTime;
        ScriptedDisaster disaster;
        await using (var live = new NpgsqlConnection(target.Worker.AdminConnectionString))
        {
            await live.OpenAsync(cancellationToken);
            await writer.WriteAsync(live, options.WritesBeforeTarget, cancellationToken);
            writer.Journal.TargetSequence = writer.Journal.Entries.Count;
            var (lsn, time) = writer.Journal.Entries.Count > 0
                ? (writer.Journal.Entries[^1].Lsn, writer.Journal.Entries[^1].CommittedBy)
                : await PositionAsync(live, cancellationToken);
            targetTime = time;
            recoveryTarget = options.Flaw == RestoreDrillFlaw.LatestInsteadOfTarget ? RecoveryTarget.Latest
                : options.Target == RecoveryTargetKind.Time ? new RecoveryTarget(null, TimeText(time))
                : new RecoveryTarget(lsn, null);
            // Read as the restored side will be read: the cluster's connection with the default search path (a column's type prints
            // schema-qualified unless its schema is on the search path, so both sides must read with the same one).
            var snapshotting = Stopwatch.StartNew();
            expected = await SnapshotReader.ReadAsync(cluster.AdminConnectionString, schema, scope, cancellationToken);
            metrics.Add(new Metric("wall time", Math.Round(snapshotting.Elapsed.TotalSeconds, 3), "s", Subject: "of which: snapshot at the target"));
            await writer.WriteAsync(live, options.WritesAfterTarget, cancellationToken);
            var others = ledger.Tenants.Where(t => t.TenantId != victim).ToList();
            disaster = await ScriptedDisaster.StrikeAsync(live, target.Model, target.Catalog, tables, victim, others[0].TenantId, others[1].TenantId, cancellationToken);
            await SwitchAndWaitForArchiveAsync(live, folder, cancellationToken);
            progress.Report(string.Create(CultureInfo.InvariantCulture,
                $"{writer.Journal.Entries.Count} journaled commits, target after #{writer.Journal.TargetSequence} ({(recoveryTarget.Lsn is { } l ? $"LSN {l}" : recoveryTarget.Time is { } t ? $"time {t}" : "none: latest")}); "
                + $"disaster: tenant {victim} deleted ({disaster.DeletedRows} rows), {disaster.RekeyedKeys.Count} rows of {disaster.RekeyedTable ?? "no table"} re-keyed, policy {disaster.DroppedPolicy?.Name ?? "(none)"} dropped"));
        }

        Record(metrics, "journaled writes, snapshot at the target, disaster", step);

        RecoveryOutcome outcome;
        if (pgBackRest is null)
        {
            outcome = await PointInTimeRecovery.RunAsync(folder, cluster, recoveryTarget, RecoveryTimeout, cancellationToken);
            rto.Add(("copy base backup", outcome.Copy));
        }
        else
        {
            var (label, _) = await pgBackRest.LatestBackupAsync(cancellationToken);
            var restoreTook = await pgBackRest.RestoreAsync(label, recoveryTarget, recoveryTarget.Time is null ? null : targetTime, cancellationToken);
            outcome = await PointInTimeRecovery.RunRestoredAsync(folder, cluster, restoreTook, RecoveryTimeout, cancellationToken);
            rto.Add(("restore backup (pgbackrest restore)", outcome.Copy));
        }

        rto.Add(("replay and promote", outcome.ReplayAndPromote));
        progress.Report($"restored copy promoted on port {outcome.Port}: {outcome.StopLine ?? "no 'recovery stopping' line"}");

        if (options.Flaw == RestoreDrillFlaw.MissingPolicy)
        {
            await DropPolicyAsync(outcome.ConnectionString, tables, disaster, cancellationToken);
        }

        step.Restart();
        var verification = await RestoreVerifier.VerifyAsync(outcome.ConnectionString, expected, new RestoreVerifyOptions(), cancellationToken);
        checks.AddRange(verification.Checks);
        metrics.Add(new Metric("wall time", Math.Round(step.Elapsed.TotalSeconds, 3), "s", Subject: "of which: restore verifier (snapshot of the copy, diff)"));
        var (recoveryPoint, lastIncluded) = await RecoveryPointCheck.RunAsync(
            outcome.ConnectionString, schema, writer.Journal, disaster, outcome,
            new RestoreVerifyOptions().MaxFindings, cancellationToken);
        checks.Add(writer.CanWrite ? recoveryPoint : recoveryPoint with { NotCovered = "no tenant table has a primary key and a free text column the drill can write generically: only the disaster was checked" });
        rto.Add(("verify restore", step.Elapsed));

        foreach (var (name, took) in rto)
        {
            metrics.Add(new Metric("RTO", Math.Round(took.TotalSeconds, 3), "s", Subject: name));
        }

        var total = rto.Aggregate(TimeSpan.Zero, (sum, s) => sum + s.Took);
        metrics.Add(new Metric("RTO total", Math.Round(total.TotalSeconds, 3), "s"));
        checks.Add(RtoCheck(total, rto, options.RtoBudget));
        foreach (var (tenant, committed) in lastIncluded.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            metrics.Add(new Metric("RPO", Math.Round(Math.Max(0, (targetTime - committed).TotalSeconds), 3), "s", Tenant: tenant));
        }

        if (options.Tenant is not null || options.SingleTenantOfFirstSeeded)
        {
            var single = victim;
            step.Restart();
            var (restored, collateral, copied, copyTook) = await SingleTenantAsync(
                outcome.ConnectionString, target, tables, scope, expected, single, options.Flaw == RestoreDrillFlaw.SingleTenantTouchesAnother ? disaster.RekeyedFrom ?? ledger.Tenants.First(t => t.TenantId != single).TenantId : null, cancellationToken);
            checks.Add(restored);
            checks.Add(collateral);
            Record(metrics, "single-tenant restore (copy, verify)", step);
            metrics.Add(new Metric("wall time", Math.Round(copyTook.TotalSeconds, 3), "s", Subject: "of which: single-tenant restore transaction (delete, COPY, sequences)"));
            metrics.Add(new Metric("single-tenant rows copied", copied, "", Tenant: single));
            progress.Report(string.Create(CultureInfo.InvariantCulture, $"tenant {single} restored alone into the live database: {copied} rows"));
        }

        var scenario = new ScenarioResult(RestoreVerifier.ScenarioId, checks, whole.Elapsed) { Metrics = metrics };
        return new RestoreDrillResult(scenario, ledger.Tenants.Count, ledger.RowCount, cluster.Description, outcome.StopLine)
        {
            Journal = writer.Journal,
            Disaster = disaster,
        };
    }

    private static async Task<(CheckResult Restored, CheckResult Collateral, long Copied, TimeSpan CopyTook)> SingleTenantAsync(
        string restoredConnectionString, DrillTarget target, TenantTables tables, SnapshotScope scope, DatabaseSnapshot expected, string tenant, string? alsoTouch,
        CancellationToken cancellationToken)
    {
        var live = target.Worker.AdminConnectionString;
        var before = await SnapshotReader.ReadAsync(target.Cluster.AdminConnectionString, target.Worker.Schema, scope, cancellationToken);
        var childrenBefore = await tables.ChildDigestsAsync(live, cancellationToken);
        var copying = Stopwatch.StartNew();
        var copied = await SingleTenantRestore.RunAsync(restoredConnectionString, live, tables, tenant, alsoTouch, cancellationToken);
        var copyTook = copying.Elapsed;
        var after = await SnapshotReader.ReadAsync(target.Cluster.AdminConnectionString, target.Worker.Schema, scope, cancellationToken);
        var childrenAfter = await tables.ChildDigestsAsync(live, cancellationToken);
        var childrenAtTarget = await tables.ChildDigestsAsync(restoredConnectionString, cancellationToken);

        var differs = SnapshotDiff.Between(expected, after).Data.Where(d => d.TenantId == tenant).Select(d => new Finding(
            DrillRules.TenantRowsDiffer, RestoreVerifier.ScenarioId, $"{d.Table} tenant {tenant}",
            string.Create(CultureInfo.InvariantCulture, $"after the single-tenant restore, tenant {tenant} in {d.Table} holds {d.RowsAfter} rows where the target had {d.RowsBefore}{(d.RowHashChanged ? ", with other contents" : "")}"),
            "compared with the snapshot taken at the recovery target")).ToList();
        var collateral = SnapshotDiff.Between(before, after).Data.Where(d => d.TenantId != tenant).Select(d => new Finding(
            DrillRules.SingleTenantRestoreCollateral, RestoreVerifier.ScenarioId, $"{d.Table} tenant {d.TenantId ?? "NULL"}",
            string.Create(CultureInfo.InvariantCulture, $"restoring tenant {tenant} changed tenant {d.TenantId ?? "NULL"}'s rows in {d.Table}: {d.RowsBefore} rows before, {d.RowsAfter} after{(d.RowHashChanged ? ", contents differ" : "")}"),
            "digests of every other tenant taken just before and just after the single-tenant restore")).ToList();
        // Tables without the tenant key, which the snapshot does not digest: per tenant through their foreign key.
        foreach (var key in childrenBefore.Keys.Union(childrenAfter.Keys).Where(k => k.Tenant != tenant).Distinct())
        {
            var (was, now) = (childrenBefore.GetValueOrDefault(key), childrenAfter.GetValueOrDefault(key));
            if (was != now)
            {
                collateral.Add(new Finding(
                    DrillRules.SingleTenantRestoreCollateral, RestoreVerifier.ScenarioId, $"{key.Table} tenant {key.Tenant}",
                    string.Create(CultureInfo.InvariantCulture, $"restoring tenant {tenant} changed tenant {key.Tenant}'s rows in {key.Table} (reached through its foreign key): {was.Rows} rows before, {now.Rows} after"),
                    "per-tenant digests of the tables without the tenant key, before and after the single-tenant restore"));
            }
        }

        foreach (var key in childrenAtTarget.Keys.Union(childrenAfter.Keys).Where(k => k.Tenant == tenant).Distinct())
        {
            var (wanted, now) = (childrenAtTarget.GetValueOrDefault(key), childrenAfter.GetValueOrDefault(key));
            if (wanted != now)
            {
                differs.Add(new Finding(
                    DrillRules.TenantRowsDiffer, RestoreVerifier.ScenarioId, $"{key.Table} tenant {tenant}",
                    string.Create(CultureInfo.InvariantCulture, $"after the single-tenant restore, tenant {tenant} in {key.Table} (reached through its foreign key) holds {now.Rows} rows where the restored copy has {wanted.Rows}"),
                    "compared with the restored copy at the target"));
            }
        }

        collateral.AddRange((await SingleTenantRestore.SequencesBehindAsync(live, tables, cancellationToken)).Select(s => new Finding(
            DrillRules.SingleTenantRestoreCollateral, RestoreVerifier.ScenarioId, "sequence", $"after restoring tenant {tenant}, {s}: the next insert collides with a restored id",
            "set each sequence past the largest id it serves (setval) in the restore's transaction")));
        var max = new RestoreVerifyOptions().MaxFindings;
        return (
            new CheckResult(DrillRules.TenantRowsDiffer, $"single-tenant restore of {tenant}", [.. differs.Take(max)], Math.Max(1, expected.Data.Count(d => d.TenantId == tenant))),
            new CheckResult(DrillRules.SingleTenantRestoreCollateral, $"other tenants and sequences after restoring {tenant}", [.. collateral.Take(max)], Math.Max(1, before.Data.Count)),
            copied,
            copyTook);
    }

    private static CheckResult RtoCheck(TimeSpan total, IReadOnlyList<(string Step, TimeSpan Took)> steps, TimeSpan budget)
    {
        IReadOnlyList<Finding> findings = total <= budget
            ? []
            :
            [
                new Finding(
                    DrillRules.RecoveryTooSlow, RestoreVerifier.ScenarioId, "restore time",
                    string.Create(CultureInfo.InvariantCulture, $"the restore took {total.TotalSeconds:0.0} s, over its budget of {budget.TotalSeconds:0.#} s"),
                    string.Join("; ", steps.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Step} {s.Took.TotalSeconds:0.00} s")))),
            ];
        return new CheckResult(DrillRules.RecoveryTooSlow, string.Create(CultureInfo.InvariantCulture, $"RTO within {budget.TotalSeconds:0.#} s"), findings);
    }

    private static async Task<(string Lsn, DateTimeOffset Time)> PositionAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_current_wal_insert_lsn()::text, clock_timestamp()", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1));
    }

    /// <summary>The time as <c>recovery_target_time</c> reads it, to the microsecond, in UTC.</summary>
    internal static string TimeText(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture) + "+00";

    /// <summary>Ends the WAL segment holding the disaster (only whole segments are archived) and waits until the archive has it.</summary>
    private static async Task SwitchAndWaitForArchiveAsync(NpgsqlConnection connection, DrillFolder folder, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_walfile_name(pg_switch_wal())", connection);
        var segment = (string)(await command.ExecuteScalarAsync(cancellationToken))!;
        var waited = Stopwatch.StartNew();
        while (!folder.IsArchived(segment))
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new RestoreDrillException(
                    $"WAL segment {segment} did not reach the archive {folder.Archive} within 60 s: archive_command fails (the server log of the drill's cluster says why).");
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    private static async Task DropPolicyAsync(string connectionString, TenantTables tables, ScriptedDisaster disaster, CancellationToken cancellationToken)
    {
        var policies = tables.Ordered.SelectMany(t => t.Policies.Select(p => (Table: t, Policy: p))).ToList();
        var chosen = policies.FirstOrDefault(p => p.Policy.Name != disaster.DroppedPolicy?.Name || p.Table.Name.Value != disaster.DroppedPolicyTable);
        if (chosen.Policy is null && policies.Count > 0)
        {
            chosen = policies[0];
        }

        if (chosen.Policy is null)
        {
            return;
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"DROP POLICY {SqlIdentifier.Quote(chosen.Policy.Name)} ON {tables.Qualified(chosen.Table)}", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void Record(List<Metric> metrics, string name, Stopwatch step) =>
        metrics.Add(new Metric("wall time", Math.Round(step.Elapsed.TotalSeconds, 3), "s", Subject: name));
}

/// <summary>What a restore drill found and measured (<see cref="Scenario"/>), and what it ran on.</summary>
public sealed record RestoreDrillResult(ScenarioResult Scenario, int Tenants, int SeededRows, string Postgres, string? RecoveryStopLine)
{
    internal WriteJournal? Journal { get; init; }

    internal ScriptedDisaster? Disaster { get; init; }
}
