using FluentAssertions;
using Harness.Drills;
using Harness.Drills.Restore;
using Harness.Running;
using Harness.Tests.Infrastructure;

namespace Harness.Tests.Drills.Restore;

/// <summary>
/// The restore drill on the bundled sample, clean and with each planted flaw of its reference procedure. Unlike most tests these
/// do not use the shared PostgreSQL fixture: a drill needs a cluster of its own (WAL archiving set at initdb, a base backup of
/// the whole cluster, a second server recovered from it), so each test provisions and removes one, with 20 tenants.
/// </summary>
public sealed class RestoreDrillTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static RestoreDrillOptions Options => new() { ManifestPath = RepositoryPaths.SampleManifest, Tenants = 20 };

    [Fact]
    public async Task A_clean_drill_restores_every_tenant_to_the_target_and_the_single_tenant_restore_touches_no_one_else()
    {
        var result = await RestoreDrill.RunAsync(Options with { SingleTenantOfFirstSeeded = true }, DrillProgress.None, Token);

        DrillAssertions.Clean(result);
        result.RecoveryStopLine.Should().StartWith("recovery stopping before WAL location (LSN)");
        result.Scenario.Checks.Select(c => c.Rule.Id).Should().Contain(["RST001", "RST002", "RST003", "RST004", "RST005", "RST006", "RST007"]);
        result.Journal!.Entries.Should().Contain(e => e.Sequence > result.Journal.TargetSequence, "writes after the target must exist for the check to mean anything");
        result.Disaster!.DeletedRows.Should().BePositive();
        result.Disaster.RekeyedKeys.Should().NotBeEmpty();
        result.Disaster.DroppedPolicy.Should().NotBeNull();
        result.Scenario.Metrics.Should().Contain(m => m.Name == "RPO" && m.Tenant != null);
        result.Scenario.Metrics.Where(m => m.Name == "RTO").Select(m => m.Subject)
            .Should().Equal("backup (pg_basebackup)", "verify backup (pg_verifybackup)", "copy base backup", "replay and promote", "verify restore");
    }

    [Fact]
    public async Task A_time_target_stops_before_the_first_commit_after_it()
    {
        var result = await RestoreDrill.RunAsync(Options with { Target = RecoveryTargetKind.Time }, DrillProgress.None, Token);

        DrillAssertions.Clean(result);
        result.RecoveryStopLine.Should().StartWith("recovery stopping before commit of transaction");
    }

    [Fact]
    public async Task A_restore_to_the_latest_point_instead_of_the_target_is_found()
    {
        var result = await RestoreDrill.RunAsync(Options with { Flaw = RestoreDrillFlaw.LatestInsteadOfTarget }, DrillProgress.None, Token);

        var point = result.Scenario.Findings.Where(f => f.Rule == DrillRules.WrongRecoveryPoint).ToList();
        point.Should().Contain(f => f.Message.Contains("after the target, is in the restore", StringComparison.Ordinal));
        point.Should().Contain(f => f.Message.Contains("deleted by the disaster", StringComparison.Ordinal));
        point.Should().Contain(f => f.Subject == "recovery log");
        result.Scenario.Findings.Should().Contain(f => f.Rule == DrillRules.TenantRowsDiffer && f.Subject.Contains(result.Disaster!.DeletedTenant, StringComparison.Ordinal));
        result.RecoveryStopLine.Should().BeNull();
    }

    [Fact]
    public async Task A_restore_missing_a_policy_is_found()
    {
        var result = await RestoreDrill.RunAsync(Options with { Flaw = RestoreDrillFlaw.MissingPolicy }, DrillProgress.None, Token);

        result.Scenario.Findings.Should().Contain(f => f.Rule == DrillRules.SecurityCatalogDiffers && f.Message.Contains("removed", StringComparison.Ordinal));
        result.Scenario.Findings.Should().OnlyContain(f => f.Rule == DrillRules.SecurityCatalogDiffers, "only the policy is missing: the data is at the target");
    }

    [Fact]
    public async Task A_single_tenant_restore_that_touches_another_tenant_is_found()
    {
        var result = await RestoreDrill.RunAsync(
            Options with { SingleTenantOfFirstSeeded = true, Flaw = RestoreDrillFlaw.SingleTenantTouchesAnother }, DrillProgress.None, Token);

        var collateral = result.Scenario.Findings.Where(f => f.Rule == DrillRules.SingleTenantRestoreCollateral).ToList();
        collateral.Should().NotBeEmpty();
        collateral.Should().OnlyContain(f => !f.Subject.Contains(result.Disaster!.DeletedTenant, StringComparison.Ordinal));
        result.Scenario.Findings.Should().OnlyContain(f => f.Rule == DrillRules.SingleTenantRestoreCollateral, "the point-in-time recovery itself is clean");
    }
}

/// <summary>What every clean drill must show.</summary>
internal static class DrillAssertions
{
    public static void Clean(RestoreDrillResult result)
    {
        result.Scenario.Error.Should().BeNull();
        result.Scenario.Findings.Should().BeEmpty(string.Join("\n", result.Scenario.Findings.Select(f => $"{f.Rule.Id} {f.Subject}: {f.Message} ({f.Evidence})")));
        result.Scenario.Checks.Should().OnlyContain(c => c.Covered, "every check judged");
    }
}

/// <summary>A progress sink that drops the drill's lines.</summary>
internal sealed class DrillProgress : IProgress<string>
{
    public static DrillProgress None { get; } = new();

    public void Report(string value)
    {
    }
}
