using System.CommandLine;
using Harness.Cli.Terminal;
using Harness.Drills.Restore;
using Harness.Errors;
using Harness.Manifest;
using Harness.Reporting;

namespace Harness.Cli.Commands;

/// <summary>
/// <c>harness drill restore</c>: a point-in-time recovery drill on an embedded cluster (archive, base backup, journaled writes, a
/// scripted disaster, recovery to the target on a second port), verified per tenant; with <c>--tenant</c>, one tenant is then
/// restored alone into the damaged database. Exit 0 clean, 1 findings, 2 could not run, like <c>harness run</c>.
/// </summary>
internal static class DrillRestoreCommand
{
    /// <summary>The bundled sample's manifest, relative to a clone's root: what the drill runs on when no manifest is named.</summary>
    private const string SampleManifest = "fixtures/SampleTarget/harness.yaml";

    public static Command Create()
    {
        var manifest = new Option<string?>("--manifest", "-m") { Description = "The manifest whose migrations, tenancy and seed the drill's cluster gets (default: harness.yaml here, else the bundled sample's)." };
        var tenants = new Option<int?>("--tenants") { Description = "Tenants to seed (default: the manifest's seed.tenants)." };
        var target = new Option<string>("--target") { Description = "The recovery target: lsn (recovery_target_lsn) or time (recovery_target_time).", DefaultValueFactory = _ => "lsn" };
        var tenant = new Option<string?>("--tenant") { Description = "After the recovery, restore this tenant alone (its key value, or 'largest' for the seeded tenant with the most rows) into the damaged live database; the disaster deletes it." };
        var backupTool = new Option<string>("--backup-tool") { Description = "The backup tool: pg_basebackup (checked by pg_verifybackup) or pgbackrest (archive-push, full backup, verify, restore; must be installed; a time target before the backup's end is refused).", DefaultValueFactory = _ => "pg_basebackup" };
        var budget = new Option<string>("--rto-budget") { Description = $"The most the restore's steps may take together ({DurationText.Examples}).", DefaultValueFactory = _ => "60s" };
        var seed = new Option<int>("--seed") { Description = "Seed of the generated data.", DefaultValueFactory = _ => 42 };
        var reports = CommonOptions.Reports();
        var plain = CommonOptions.Plain();
        var command = new Command("restore", "Back up, damage and recover an embedded cluster to a point in time, and verify the restore per tenant (RST001-RST007).")
        {
            manifest, tenants, target, tenant, backupTool, budget, seed, reports, plain,
        };
        command.SetAction((result, cancellationToken) => Failures.GuardAsync(result.GetValue(CommonOptions.Diagnostics), async () =>
        {
            var options = new RestoreDrillOptions
            {
                ManifestPath = result.GetValue(manifest) ?? (File.Exists("harness.yaml") ? "harness.yaml" : SampleManifest),
                Tenants = result.GetValue(tenants),
                Target = result.GetValue(target)?.ToLowerInvariant() switch
                {
                    "lsn" => RecoveryTargetKind.Lsn,
                    "time" => RecoveryTargetKind.Time,
                    var other => throw new UsageException($"--target '{other}' is not a recovery target: use lsn or time") { Option = "--target" },
                },
                Tenant = result.GetValue(tenant),
                RtoBudget = DurationText.Parse(result.GetValue(budget)!)
                    ?? throw new UsageException($"--rto-budget '{result.GetValue(budget)}' is not a duration: use e.g. {DurationText.Examples}") { Option = "--rto-budget" },
                Seed = result.GetValue(seed),
                BackupTool = result.GetValue(backupTool)?.ToLowerInvariant() switch
                {
                    "pg_basebackup" => BackupTool.PgBaseBackup,
                    "pgbackrest" => BackupTool.PgBackRest,
                    var other => throw new UsageException($"--backup-tool '{other}' is not supported: use pg_basebackup or pgbackrest") { Option = "--backup-tool" },
                },
            };
            if (!File.Exists(options.ManifestPath))
            {
                throw new UsageException($"manifest {Path.GetFullPath(options.ManifestPath)} not found; pass --manifest") { Option = "--manifest" };
            }

            var started = DateTimeOffset.UtcNow;
            var display = RunDisplay.ForConsole(result.GetValue(plain));
            var drill = await display.RunAsync(progress => RestoreDrill.RunAsync(options, progress, cancellationToken));
            var report = new RunReport
            {
                RunId = "drill-restore",
                Target = $"restore drill of {options.ManifestPath}",
                Postgres = drill.Postgres,
                StartedAt = started,
                Duration = drill.Scenario.Duration,
                Seed = options.Seed,
                Tenants = drill.Tenants,
                SeededRows = drill.SeededRows,
                Scenarios = [drill.Scenario],
            };
            return await ReportOutput.WriteAndSummarizeAsync(report, result.GetValue(reports)!, "drill-restore", display, cancellationToken);
        }, cancellationToken));
        return command;
    }
}
