using FluentAssertions;
using Harness.Chaos.Proxy;
using Harness.Reporting;
using Harness.Scenarios.Chaos;
using Harness.Tests.Infrastructure;

namespace Harness.Tests.Chaos.Family;

/// <summary>
/// The chaos family end to end on the sample (ASP.NET Core, Npgsql, a job queue claimed with SKIP LOCKED): clean, it passes
/// every fault with and without PgBouncer; each planted flaw is found under its rule.
/// </summary>
public sealed class ChaosSampleTests(PostgresFixture postgres)
{
    private const string Sample = "SampleTarget";

    [Fact]
    public async Task The_clean_sample_passes_every_fault_through_pgbouncer()
    {
        ChaosFixtureRun.RequirePgBouncer();

        var report = await ChaosFixtureRun.RunAsync(postgres, Sample, null, o => o with { PgBouncer = PgBouncerUse.On }, TestContext.Current.CancellationToken);

        AssertClean(report);
    }

    [Fact]
    public async Task The_clean_sample_passes_every_fault_without_pgbouncer()
    {
        var report = await ChaosFixtureRun.RunAsync(postgres, Sample, null, o => o with { PgBouncer = PgBouncerUse.Off }, TestContext.Current.CancellationToken);

        AssertClean(report);
    }

    [Fact]
    public async Task A_session_level_set_bleeds_through_pgbouncer_and_is_found()
    {
        ChaosFixtureRun.RequirePgBouncer();

        var report = await ChaosFixtureRun.RunAsync(
            postgres, Sample, "chaos-session-set", o => o with { PgBouncer = PgBouncerUse.On, PoolSize = 1, Rate = 10, Faults = [FaultKind.Latency] },
            TestContext.Current.CancellationToken);

        Rules(report).Should().Contain("CHAOS004");
        Rules(report).Should().Contain(r => r == "CHAOS001" || r == "CHAOS003", "with one server connection the tenants' SET and queries interleave");
        report.Findings.Where(f => f.Rule.Id == "CHAOS004").Should().OnlyContain(f => f.Message.Contains("with SET") && f.Evidence.Contains("transcript"));
    }

    [Fact]
    public async Task No_reset_on_close_with_a_session_setting_is_found_without_a_pooler()
    {
        var report = await ChaosFixtureRun.RunAsync(
            postgres, Sample, "chaos-no-reset-on-close", o => o with { PgBouncer = PgBouncerUse.Off, Faults = [FaultKind.Latency] }, TestContext.Current.CancellationToken);

        report.Findings.Should().Contain(f => f.Rule.Id == "CHAOS004" && f.Message.Contains("set_config(..., false)"));
    }

    [Fact]
    public async Task A_retry_without_the_tenant_is_found_when_a_fault_breaks_the_first_try()
    {
        var report = await ChaosFixtureRun.RunAsync(
            postgres, Sample, "chaos-retry-without-tenant", o => o with { PgBouncer = PgBouncerUse.Off, Faults = [FaultKind.ErrorReply, FaultKind.CutAfterContext] },
            TestContext.Current.CancellationToken);

        Rules(report).Should().Contain("CHAOS007");
        Rules(report).Should().NotContain("CHAOS004", "the flaw keeps the transaction-local context; only the retry loses it");
    }

    [Fact]
    public async Task A_commit_retry_that_redoes_the_work_is_found_as_a_doubled_write()
    {
        // Reads at 1/s and writes at 0.5/s per tenant, so a good share of the cut commits are writes' commits.
        var report = await ChaosFixtureRun.RunAsync(
            postgres, Sample, "chaos-commit-retry-duplicates",
            o => o with { PgBouncer = PgBouncerUse.Off, Faults = [FaultKind.CutAfterCommitSent], Rate = 1, Duration = TimeSpan.FromSeconds(10), FaultEvery = TimeSpan.FromMilliseconds(300) },
            TestContext.Current.CancellationToken);

        report.Findings.Should().Contain(f => f.Rule.Id == "CHAOS005" && f.Subject == "POST /sites" && f.Message.Contains("is in 2 rows"));
        Rules(report).Should().NotContain(["CHAOS001", "CHAOS002", "CHAOS003"], "the retry keeps the tenant: it only writes twice");
    }

    [Fact]
    public async Task Jobs_run_on_the_owner_pool_under_a_global_limit_are_found()
    {
        var report = await ChaosFixtureRun.RunAsync(
            postgres, Sample, "job-owner-pool,job-global-concurrency", o => o with { PgBouncer = PgBouncerUse.Off, Faults = [FaultKind.Latency] },
            TestContext.Current.CancellationToken);

        report.Findings.Should().Contain(f => f.Rule.Id == "CHAOS001" && f.Subject == "GET /jobs/{jobId}");
        Rules(report).Should().Contain(["CHAOS003", "CHAOS008"]);
    }

    [Fact]
    public async Task A_job_retried_under_the_last_jobs_tenant_is_found()
    {
        var report = await ChaosFixtureRun.RunAsync(
            postgres, Sample, "job-retry-loses-tenant", o => o with { PgBouncer = PgBouncerUse.Off, Faults = [FaultKind.Latency] },
            TestContext.Current.CancellationToken);

        report.Findings.Should().Contain(f => f.Rule.Id == "CHAOS001" && f.Subject == "GET /jobs/{jobId}");
        report.Findings.Should().Contain(f => f.Rule.Id == "CHAOS002" && f.Subject == "POST /jobs/ingest", "a retried ingest job writes its sites under the last job's tenant");
        Rules(report).Should().NotContain("CHAOS008");
    }

    internal static IReadOnlyList<string> Rules(RunReport report) => [.. report.Findings.Select(f => f.Rule.Id).Distinct()];

    internal static void AssertClean(RunReport report)
    {
        var chaos = report.Scenarios.Should().ContainSingle().Subject;
        chaos.Error.Should().BeNull();
        report.Findings.Should().BeEmpty();
        chaos.Checks.Where(c => c.Covered).Select(c => c.Rule.Id).Should().Contain(["CHAOS001", "CHAOS002", "CHAOS003", "CHAOS004", "CHAOS006", "CHAOS007"]);
        chaos.Metrics.Should().Contain(m => m.Name == "faults that reached their point" && m.Value > 0);
    }
}
