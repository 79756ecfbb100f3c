using FluentAssertions;
using Harness.Findings;
using Harness.Reporting;
using Harness.Running;

namespace Harness.Tests.Reporting;

/// <summary><c>harness report merge</c>: the shards' report.json files join into one report whose probes and findings add up.</summary>
public sealed class ReportMergeTests
{
    private static readonly Rule Read = new("IDOR001", "Cross-tenant read by id", Severity.Critical, "filter by tenant");
    private static readonly Rule Sweep = new("IDOR004", "Another tenant's data in a list", Severity.Critical, "filter lists");
    private static readonly Rule Audit = new("AUD001", "No RLS", Severity.Critical, "enable RLS");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Merged_shards_sum_probes_and_join_findings_per_check()
    {
        var folder = Directory.CreateTempSubdirectory("harness-merge-").FullName;
        var leak = new Finding(Read, "idor", "GET /sites/{siteId}", "tenant 0 read tenant 1's site", "status 200", "curl ...") { Tenants = new FindingTenants("t0", "t1") };
        var first = Report("run1", TimeSpan.FromSeconds(10),
            new ScenarioResult("audit", [new CheckResult(Audit, "sites", [])], TimeSpan.FromSeconds(1)),
            new ScenarioResult("idor", [new CheckResult(Read, "GET /sites/{siteId} read", [leak], 7), new CheckResult(Sweep, "GET /sites sweep", [], 3)], TimeSpan.FromSeconds(4)));
        var second = Report("run2", TimeSpan.FromSeconds(12),
            new ScenarioResult("idor", [new CheckResult(Read, "GET /sites/{siteId} read", [], 5), new CheckResult(Sweep, "GET /search/sites sweep", [], 2)], TimeSpan.FromSeconds(6)));
        var paths = new[] { Path.Combine(folder, "1.json"), Path.Combine(folder, "2.json") };
        await JsonReportWriter.WriteAsync(first, paths[0], Token);
        await JsonReportWriter.WriteAsync(second, paths[1], Token);

        var merged = await ReportMerge.MergeFilesAsync(paths, Token);

        merged.RunId.Should().Be("run1");
        merged.Duration.Should().Be(TimeSpan.FromSeconds(12), "shards run side by side: the run takes as long as the longest");
        merged.Scenarios.Select(s => s.ScenarioId).Should().Equal("audit", "idor");
        var idor = merged.Scenarios[1];
        idor.Checks.Select(c => (c.Subject, c.Probes, c.Findings.Count)).Should().Equal(
            ("GET /sites/{siteId} read", 12, 1), ("GET /sites sweep", 3, 0), ("GET /search/sites sweep", 2, 0));
        idor.Probes.Should().Be(first.Scenarios[1].Probes + second.Scenarios[0].Probes);
        merged.Scenarios.Sum(s => s.Probes).Should().Be(first.Scenarios.Sum(s => s.Probes) + second.Scenarios.Sum(s => s.Probes));
        var finding = merged.Findings.Should().ContainSingle().Subject;
        finding.Should().Be(leak with { });
        finding.Tenants.Should().Be(new FindingTenants("t0", "t1"));
        merged.ExitCode.Should().Be(1);
    }

    [Fact]
    public async Task A_shard_whose_scenario_could_not_run_keeps_the_merged_report_incomplete()
    {
        var folder = Directory.CreateTempSubdirectory("harness-merge-").FullName;
        var first = Report("run1", TimeSpan.FromSeconds(3),
            new ScenarioResult("idor", [new CheckResult(Read, "GET /sites/{siteId} read", [], 5)], TimeSpan.FromSeconds(2)));
        var second = Report("run1", TimeSpan.FromSeconds(4),
            new ScenarioResult("idor", [], TimeSpan.FromSeconds(1)) { Error = "The target at http://127.0.0.1:1234/ stopped answering" });
        var paths = new[] { Path.Combine(folder, "1.json"), Path.Combine(folder, "2.json") };
        await JsonReportWriter.WriteAsync(first, paths[0], Token);
        await JsonReportWriter.WriteAsync(second, paths[1], Token);

        var merged = await ReportMerge.MergeFilesAsync(paths, Token);

        merged.Scenarios.Should().ContainSingle().Which.Error.Should().Be("The target at http://127.0.0.1:1234/ stopped answering");
        merged.Scenarios[0].Probes.Should().Be(5, "what the other shard probed is kept");
        merged.ExitCode.Should().Be(2, "a scenario that did not run to its end cannot pass the gate");
    }

    [Fact]
    public async Task Every_shards_metrics_and_series_are_kept_side_by_side()
    {
        var folder = Directory.CreateTempSubdirectory("harness-merge-").FullName;
        var check = new CheckResult(Read, "GET /sites/{siteId} read", [], 5);
        var first = Report("run1", TimeSpan.FromSeconds(3), new ScenarioResult("load", [check], TimeSpan.FromSeconds(2))
        {
            Metrics = [new Metric("p99 latency", 40, "ms", Tenant: "t0")],
            Series = [new MetricSeries("p99 latency t0", "ms", [new(0, 38), new(1, 40)])],
        });
        var second = Report("run1", TimeSpan.FromSeconds(3), new ScenarioResult("load", [check], TimeSpan.FromSeconds(2))
        {
            Metrics = [new Metric("p99 latency", 55, "ms", Tenant: "t1")],
        });
        var paths = new[] { Path.Combine(folder, "1.json"), Path.Combine(folder, "2.json") };
        await JsonReportWriter.WriteAsync(first, paths[0], Token);
        await JsonReportWriter.WriteAsync(second, paths[1], Token);

        var merged = (await ReportMerge.MergeFilesAsync(paths, Token)).Scenarios.Should().ContainSingle().Subject;

        merged.Metrics.Select(m => (m.Tenant, m.Value)).Should().Equal(("t0", 40d), ("t1", 55d));
        merged.Series.Should().ContainSingle().Which.Points.Should().Equal(new SeriesPoint(0, 38), new SeriesPoint(1, 40));
    }

    [Fact]
    public async Task Reports_of_different_runs_are_not_merged()
    {
        var folder = Directory.CreateTempSubdirectory("harness-merge-").FullName;
        var paths = new[] { Path.Combine(folder, "1.json"), Path.Combine(folder, "2.json") };
        await JsonReportWriter.WriteAsync(Report("a", TimeSpan.Zero), paths[0], Token);
        await JsonReportWriter.WriteAsync(Report("b", TimeSpan.Zero) with { Seed = 7 }, paths[1], Token);

        await FluentActions.Awaiting(() => ReportMerge.MergeFilesAsync(paths, Token)).Should().ThrowAsync<ArgumentException>()
            .WithMessage("*2.json is a run of sample (seed 7, 4 tenants) but *1.json of sample (seed 42, 4 tenants); merge only the shards of one run");
    }

    private static RunReport Report(string runId, TimeSpan duration, params ScenarioResult[] scenarios) => new()
    {
        RunId = runId,
        Target = "sample",
        Postgres = "local",
        StartedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
        Duration = duration,
        Seed = 42,
        Tenants = 4,
        SeededRows = 100,
        Scenarios = scenarios,
    };
}
