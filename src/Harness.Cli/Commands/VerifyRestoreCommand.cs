using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Harness.Cli.Terminal;
using Harness.Drills.Verify;
using Harness.Errors;
using Harness.Provisioning;
using Harness.Reporting;
using Harness.Runner;
using Harness.Running;
using Harness.Snapshots;

namespace Harness.Cli.Commands;

/// <summary>
/// <c>harness verify-restore --db &lt;restored&gt; --snapshot snapshot.json</c>: compares a restored database with the snapshot
/// of what it should hold, per tenant (rows missing, extra or changed; rows under another tenant's key or no tenant's; the
/// security catalog and the roles it names), with the catalog audit when a manifest gives the tenancy. Read-only (its own
/// read-only sessions); exit 0 clean, 1 findings, 2 could not run, like <c>harness run</c>.
/// </summary>
internal static class VerifyRestoreCommand
{
    public static Command Create()
    {
        var db = new Option<string>("--db") { Description = "Connection string of the restored database (read-only).", Required = true };
        var snapshot = new Option<string>("--snapshot") { Description = "The snapshot of the expected state (harness snapshot -o).", Required = true };
        var at = new Option<string?>("--at") { Description = "The point the restore was meant to stop at: an LSN (0/3000060) or a time (ISO 8601, UTC without offset)." };
        var against = new Option<string?>("--against") { Description = "A database holding the expected state (read-only): name the primary keys of differing rows." };
        var manifest = new Option<string?>("--manifest", "-m") { Description = "A manifest: the catalog audit runs on the restored database too." };
        var probe = new Option<bool>("--probe") { Description = "Also run the RLS matrix as the app role (it writes, in transactions it rolls back); needs --manifest and --ledger." };
        var ledger = new Option<string?>("--ledger") { Description = "The seed ledger of the tenants whose rows the restored database holds (for --probe)." };
        var tenants = new Option<string[]>("--tenant") { Description = "Judge only these tenants (tenant key values).", AllowMultipleArgumentsPerToken = true };
        var reports = CommonOptions.Reports();
        var failOn = CommonOptions.FailOn();
        var plain = CommonOptions.Plain();
        var command = new Command("verify-restore", "Verify a restored database per tenant against a snapshot of the expected state (read-only).")
        {
            db, snapshot, at, against, manifest, probe, ledger, tenants, reports, failOn, plain,
        };
        command.SetAction((result, cancellationToken) => Failures.GuardAsync(result.GetValue(CommonOptions.Diagnostics), async () =>
        {
            var started = DateTimeOffset.UtcNow;
            var stopwatch = Stopwatch.StartNew();
            var target = result.GetValue(at) is { } text ? RecoveryPoint.Parse(text) : null;
            var harnessManifest = result.GetValue(manifest) is { } path ? await ScenarioRegistry.Default.LoadManifestAsync(path, cancellationToken) : null;
            if (result.GetValue(probe) && (harnessManifest is null || result.GetValue(ledger) is null))
            {
                throw new UsageException("--probe runs the RLS matrix as the manifest's app role with the seeded tenants' ids: give --manifest and --ledger")
                {
                    Option = "--probe",
                };
            }

            var expected = await SnapshotJson.ReadSnapshotAsync(Path.GetFullPath(result.GetValue(snapshot)!), cancellationToken);
            target?.EnsureNotBefore(expected);
            var connection = PostgresConnectionString.Normalize(result.GetValue(db)!);
            var selected = result.GetValue(tenants) is { Length: > 0 } chosen ? chosen.ToHashSet(StringComparer.Ordinal) : null;
            var options = new RestoreVerifyOptions
            {
                Tenants = selected,
                AgainstConnectionString = result.GetValue(against) is { } reference ? PostgresConnectionString.Normalize(reference) : null,
            };
            var verification = await RestoreVerifier.VerifyAsync(connection, expected, options, cancellationToken);
            var verified = new ScenarioResult(RestoreVerifier.ScenarioId, verification.Checks, stopwatch.Elapsed)
            {
                Metrics = Metrics(expected, verification, target, stopwatch.Elapsed),
            };
            List<ScenarioResult> scenarios = [verified];
            if (harnessManifest is not null)
            {
                scenarios.Add(await RestoredAudit.RunAsync(connection, expected.Schema, harnessManifest, cancellationToken));
                if (result.GetValue(probe))
                {
                    var seeded = await Harness.Ledger.SeedLedger.LoadAsync(result.GetValue(ledger)!, cancellationToken);
                    scenarios.Add(await RestoredProbe.RunAsync(connection, expected.Schema, harnessManifest, seeded, cancellationToken));
                }
            }

            var report = new RunReport
            {
                RunId = "verify-restore",
                Target = $"{PostgresConnectionString.Describe(connection)} schema {expected.Schema}"
                    + (target is null ? "" : $" restored to {target.Text}"),
                Postgres = $"external {PostgresConnectionString.Describe(connection)}",
                StartedAt = started,
                Duration = stopwatch.Elapsed,
                FailOn = result.GetValue(failOn),
                Scenarios = scenarios,
            };
            return await ReportOutput.WriteAndSummarizeAsync(report, result.GetValue(reports)!, "verify-restore", RunDisplay.ForConsole(result.GetValue(plain)), cancellationToken);
        }, cancellationToken));
        return command;
    }

    /// <summary>What was compared and how long it took; the target as seconds since the epoch or as the LSN's byte position.</summary>
    private static List<Metric> Metrics(DatabaseSnapshot expected, RestoreVerification verification, RecoveryPoint? target, TimeSpan elapsed)
    {
        List<Metric> metrics =
        [
            new("verify seconds", elapsed.TotalSeconds, "s"),
            new("tenant digests expected", expected.Data.Count, "digests"),
            new("tenant digests restored", verification.Restored.Data.Count, "digests"),
            new("tenants expected", expected.Data.Select(d => d.TenantId).Distinct(StringComparer.Ordinal).Count(), "tenants"),
            new("rows restored", verification.Restored.Data.Sum(d => (double)d.Rows), "rows"),
        ];
        if (target is not null)
        {
            metrics.Add(target.Lsn is { } lsn
                ? new Metric("recovery target lsn", lsn, "bytes", Subject: target.Text)
                : new Metric("recovery target time", target.Time!.Value.ToUnixTimeMilliseconds() / 1000.0, "s since 1970", Subject: target.Text));
            metrics.Add(new Metric("snapshot taken", expected.TakenAt.ToUnixTimeMilliseconds() / 1000.0, "s since 1970",
                Subject: expected.TakenAt.ToUniversalTime().ToString("u", CultureInfo.InvariantCulture) + (expected.Lsn is { } l ? $" LSN {l}" : "")));
        }

        return metrics;
    }
}
