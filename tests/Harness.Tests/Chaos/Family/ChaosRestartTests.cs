using System.Text;
using FluentAssertions;
using Harness.Chaos.Proxy;
using Harness.Provisioning;
using Harness.Reporting;
using Harness.Scenarios.Chaos;
using Harness.Tests.Infrastructure;

namespace Harness.Tests.Chaos.Family;

/// <summary>
/// The server restart fault (<c>pg_ctl restart -m fast</c> under load). It cuts every connection on the server, so the
/// test that sets it off runs on a cluster of its own, not the assembly's shared one; and the harness never restarts a
/// server it shares or does not own.
/// </summary>
public sealed class ChaosRestartTests(PostgresFixture postgres)
{
    private const string Sample = "SampleTarget";

    [Fact]
    public async Task The_clean_sample_keeps_its_tenants_apart_through_server_restarts()
    {
        var report = await ChaosFixtureRun.RunAsync(
            new LocalClusterProvider(new LocalClusterOptions()), Sample, null,
            o => o with { Faults = [FaultKind.Restart], Duration = TimeSpan.FromSeconds(5), FaultEvery = TimeSpan.FromSeconds(2) },
            TestContext.Current.CancellationToken);

        ChaosSampleTests.AssertClean(report);
        Schedule(report).Should().Contain("restarted the server (pg_ctl restart -m fast)");
    }

    [Fact]
    public async Task A_server_the_harness_does_not_own_is_never_restarted()
    {
        var report = await ChaosFixtureRun.RunAsync(
            postgres, Sample, null, o => o with { PgBouncer = PgBouncerUse.Off, Faults = [FaultKind.Restart], Duration = TimeSpan.FromSeconds(2), FaultEvery = TimeSpan.FromSeconds(1) },
            TestContext.Current.CancellationToken);

        report.Findings.Should().BeEmpty();
        var schedule = Schedule(report);
        schedule.Should().Contain("restart (tenant").And.Contain("not reached: the server is not the harness's own");
        schedule.Should().NotContain("restarted the server");
    }

    private static string Schedule(RunReport report) =>
        Encoding.UTF8.GetString(report.Scenarios.Single().Artifacts.Single(a => a.FileName.EndsWith("schedule.txt", StringComparison.Ordinal)).Content.Span);
}
