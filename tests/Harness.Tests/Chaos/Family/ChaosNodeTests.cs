using FluentAssertions;
using Harness.Chaos.Proxy;
using Harness.Scenarios.Chaos;
using Harness.Tests.Infrastructure;

namespace Harness.Tests.Chaos.Family;

/// <summary>The chaos family on the Node target (Express, node-postgres, libpq URLs): clean under faults, and its two chaos flaws found.</summary>
public sealed class ChaosNodeTests(PostgresFixture postgres)
{
    private const string Node = "node-target";

    [Fact]
    public async Task The_clean_node_target_passes_every_fault_through_pgbouncer()
    {
        ChaosFixtureRun.RequirePgBouncer();

        // The Node manifest names no chaos writes: each tenant renames its own sites under the faults.
        var report = await ChaosFixtureRun.RunAsync(
            postgres, Node, null, o => o with { PgBouncer = PgBouncerUse.On, Writes = [new ChaosWrite("PUT /sites/{siteId}", "{\"name\":\"{marker}\",\"address\":\"1 Fault Lane\"}")] },
            TestContext.Current.CancellationToken);

        ChaosSampleTests.AssertClean(report);
    }

    [Fact]
    public async Task A_session_scoped_set_config_is_found()
    {
        ChaosFixtureRun.RequirePgBouncer();

        var report = await ChaosFixtureRun.RunAsync(
            postgres, Node, "node-session-context", o => o with { PgBouncer = PgBouncerUse.On, PoolSize = 1, Rate = 10, Faults = [FaultKind.Latency] },
            TestContext.Current.CancellationToken);

        report.Findings.Should().Contain(f => f.Rule.Id == "CHAOS004" && f.Message.Contains("set_config(..., false)") && f.Message.Contains("outside a transaction"));
    }

    [Fact]
    public async Task A_retry_without_the_tenant_is_found()
    {
        var report = await ChaosFixtureRun.RunAsync(
            postgres, Node, "node-retry-without-tenant", o => o with { PgBouncer = PgBouncerUse.Off, Faults = [FaultKind.ErrorReply, FaultKind.CutAfterContext] },
            TestContext.Current.CancellationToken);

        ChaosSampleTests.Rules(report).Should().Contain("CHAOS007");
    }
}
