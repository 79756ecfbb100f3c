using FluentAssertions;
using Harness.Drills.Restore;
using Harness.Tests.Infrastructure;

namespace Harness.Tests.Drills.Restore;

/// <summary>
/// The restore drill with pgBackRest as its backup tool (skipped where pgBackRest is not installed), and the guard against
/// pgBackRest's trap: a time target the backup does not contain would silently restore the latest backup.
/// </summary>
public sealed class PgBackRestDrillTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static RestoreDrillOptions Options => new() { ManifestPath = RepositoryPaths.SampleManifest, Tenants = 20, BackupTool = BackupTool.PgBackRest };

    [Fact]
    public async Task A_clean_drill_with_pgbackrest_restores_every_tenant_to_the_lsn_target()
    {
        Assert.SkipWhen(PgBackRest.FindBinary() is null, PgBackRest.InstallHint);

        var result = await RestoreDrill.RunAsync(Options with { SingleTenantOfFirstSeeded = true }, DrillProgress.None, Token);

        DrillAssertions.Clean(result);
        result.RecoveryStopLine.Should().StartWith("recovery stopping before WAL location (LSN)");
        result.Scenario.Checks.Select(c => c.Rule.Id).Should().Contain(["RST001", "RST002", "RST003", "RST004", "RST005", "RST006", "RST007"]);
        result.Scenario.Metrics.Where(m => m.Name == "RTO").Select(m => m.Subject).Should().Equal(
            "check archiving (pgbackrest check)", "backup (pgbackrest backup --type=full)", "verify backup (pgbackrest verify)", "restore backup (pgbackrest restore)", "replay and promote", "verify restore");
    }

    [Fact]
    public async Task A_time_target_after_the_backup_stops_before_the_first_commit_after_it()
    {
        Assert.SkipWhen(PgBackRest.FindBinary() is null, PgBackRest.InstallHint);

        var result = await RestoreDrill.RunAsync(Options with { Target = RecoveryTargetKind.Time }, DrillProgress.None, Token);

        DrillAssertions.Clean(result);
        result.RecoveryStopLine.Should().StartWith("recovery stopping before commit of transaction");
    }

    [Fact]
    public void A_time_target_before_the_backup_ended_is_refused_because_pgbackrest_would_restore_the_latest()
    {
        var stop = new DateTimeOffset(2026, 11, 30, 12, 0, 5, TimeSpan.Zero);

        var refusal = PgBackRest.TimeTargetRefusal(stop.AddSeconds(-3), "20261130-120000F", stop);

        refusal.Should().Contain("before backup 20261130-120000F ended").And.Contain("silently restore the latest backup");
    }

    [Fact]
    public void A_time_target_at_or_after_the_backup_end_is_allowed()
    {
        var stop = new DateTimeOffset(2026, 11, 30, 12, 0, 5, TimeSpan.Zero);

        PgBackRest.TimeTargetRefusal(stop, "20261130-120000F", stop).Should().BeNull();
        PgBackRest.TimeTargetRefusal(stop.AddMilliseconds(1), "20261130-120000F", stop).Should().BeNull();
    }
}
