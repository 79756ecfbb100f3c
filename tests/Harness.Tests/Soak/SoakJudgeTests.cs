using FluentAssertions;
using Harness.Load;
using Harness.Scenarios.Soak;

namespace Harness.Tests.Soak;

/// <summary>The soak's judge as pure functions over synthetic stream results.</summary>
public sealed class SoakJudgeTests
{
    private static readonly SoakThresholds Defaults = new();

    private static readonly SoakPhases Phases = new(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(10));

    [Theory]
    [InlineData(10, 35)]     // the slack wins for a fast baseline: 10 + 25
    [InlineData(100, 150)]   // the factor wins for a slow one: 1.5 x 100
    [InlineData(50, 75)]     // both give 75
    public void The_p99_bound_is_the_larger_of_factor_times_baseline_and_baseline_plus_slack(double baseline, double bound) =>
        SoakJudge.P99BoundMs(baseline, Defaults).Should().BeApproximately(bound, 1e-9);

    [Fact]
    public void Jains_index_is_one_for_equal_shares_one_over_n_for_one_taker_and_matches_the_worked_example()
    {
        SoakJudge.JainIndex([0.7, 0.7, 0.7, 0.7]).Should().BeApproximately(1, 1e-12);
        SoakJudge.JainIndex([1, 0, 0, 0]).Should().BeApproximately(0.25, 1e-12);
        // Allocations 50/50, 30/10, 50/10 (measured / fair): x = 1, 3, 5, J = 9² / (3 x 35) = 81/105.
        SoakJudge.JainIndex([50.0 / 50, 30.0 / 10, 50.0 / 10]).Should().BeApproximately(81.0 / 105, 1e-12);
    }

    [Fact]
    public void The_success_rate_counts_failures_without_a_status_and_leaves_unfinished_requests_out()
    {
        SoakJudge.SuccessPercent(new StatusCounts(Success: 90, TooManyRequests: 5, Other: 0, Errors: 3, Timeouts: 2, Unfinished: 50)).Should().BeApproximately(90, 1e-9);
        SoakJudge.SuccessPercent(new StatusCounts(0, 0, 0, 0, 0, 7)).Should().BeNull();
    }

    [Fact]
    public void Recovery_is_the_first_second_after_which_the_p99_stays_under_the_bound()
    {
        // Flood ends at 30 s; p99 per second after it: 80, 60, 20 (good), 90 (bad again), 20, 20 -> recovered from 34 s.
        var intervals = Seconds(30, 80, 60, 20, 90, 20, 20);

        SoakJudge.RecoveryTime(intervals, Phases.FloodEnd, boundMs: 40).Should().Be(TimeSpan.FromSeconds(4));
        SoakJudge.RecoveryTime(Seconds(30, 10, 10), Phases.FloodEnd, 40).Should().Be(TimeSpan.Zero, "never above the bound");
        SoakJudge.RecoveryTime(Seconds(30, 10, 90), Phases.FloodEnd, 40).Should().BeNull("still above the bound at the end");
    }

    [Fact]
    public void A_least_squares_trend_finds_slope_fit_and_growth()
    {
        var trend = Trend.Fit([(0, 1), (1, 3), (2, 5), (3, 7), (4, 9)]);

        trend.Slope.Should().BeApproximately(2, 1e-12);
        trend.Intercept.Should().BeApproximately(1, 1e-12);
        trend.RSquared.Should().BeApproximately(1, 1e-12);
        trend.Growth.Should().BeApproximately(8, 1e-12);
        Trend.Fit([(0, 5), (1, 5), (2, 5)]).Slope.Should().Be(0);
    }

    [Fact]
    public void Memory_grows_only_with_a_steep_well_fitted_sizeable_rise()
    {
        var growing = Enumerable.Range(0, 60).Select(s => ((double)s, 100 + (s * 0.5))).ToList();          // 30 MB/min, 30 MB
        var flat = Enumerable.Range(0, 60).Select(s => ((double)s, 100 + (s % 2 == 0 ? 3.0 : -3.0))).ToList();
        var short_ = Enumerable.Range(0, 4).Select(s => ((double)s, 100 + (s * 20.0))).ToList();

        SoakJudge.MemoryGrows(Trend.Fit(growing)).Should().BeTrue();
        SoakJudge.MemoryGrows(Trend.Fit(flat)).Should().BeFalse();
        SoakJudge.MemoryGrows(Trend.Fit(short_)).Should().BeFalse("four samples are too few for a trend");
    }

    [Fact]
    public void The_verdict_fails_a_neighbour_whose_flood_p99_exceeds_the_bound_and_passes_one_within_it()
    {
        var measures = Measures(
            Neighbour("neighbour 1", baselineP99Ms: 10, floodP99Ms: 34),   // bound 35: passes
            Neighbour("neighbour 2", baselineP99Ms: 10, floodP99Ms: 36));  // fails

        var checks = SoakVerdict.Judge(measures, Defaults);

        var latency = checks.Where(c => c.Rule == SoakRules.LatencyDegraded).ToList();
        latency.Single(c => c.Subject == "GET /x neighbour 1").Passed.Should().BeTrue();
        var failed = latency.Single(c => c.Subject == "GET /x neighbour 2");
        failed.Findings.Should().ContainSingle().Which.Message.Should().Contain("10 ms to 36 ms").And.Contain("bound 35 ms");
    }

    [Fact]
    public void The_verdict_fails_a_success_drop_above_the_allowed_points_only()
    {
        var measures = Measures(
            Neighbour("neighbour 1", floodStatuses: new StatusCounts(990, 10, 0, 0, 0, 0)),    // 99 %: a drop of 1 point, allowed
            Neighbour("neighbour 2", floodStatuses: new StatusCounts(980, 20, 0, 0, 0, 0)));   // 98 %: 2 points

        var checks = SoakVerdict.Judge(measures, Defaults).Where(c => c.Rule == SoakRules.SuccessDropped).ToList();

        checks.Single(c => c.Subject.EndsWith("neighbour 1", StringComparison.Ordinal)).Passed.Should().BeTrue();
        checks.Single(c => c.Subject.EndsWith("neighbour 2", StringComparison.Ordinal)).Findings.Should().ContainSingle()
            .Which.Message.Should().Contain("20 answered 429");
    }

    [Fact]
    public void The_verdict_fails_unfair_goodput_in_one_check_over_the_neighbours()
    {
        var fair = Measures(Neighbour("neighbour 1"), Neighbour("neighbour 2"));
        var unfair = Measures(
            Neighbour("neighbour 1", floodStatuses: new StatusCounts(1000, 0, 0, 0, 0, 0)),
            Neighbour("neighbour 2", floodStatuses: new StatusCounts(200, 800, 0, 0, 0, 0)));

        SoakVerdict.Judge(fair, Defaults).Single(c => c.Rule == SoakRules.Unfair).Passed.Should().BeTrue();
        SoakVerdict.Judge(unfair, Defaults).Single(c => c.Rule == SoakRules.Unfair).Findings.Should().ContainSingle()
            .Which.Message.Should().Contain("Jain's index 0.692");
    }

    [Fact]
    public void The_verdict_fails_a_late_recovery_and_leaves_one_cut_short_not_covered()
    {
        // Baseline p99 10 ms -> bound 35 ms; allowed 10 s.
        var late = Measures(Neighbour("neighbour 1", recovery: Seconds(30, [.. Enumerable.Repeat(80.0, 12), 10, 10])));
        var quick = Measures(Neighbour("neighbour 1", recovery: Seconds(30, 80, 80, 10, 10, 10)));
        var cut = Measures(Neighbour("neighbour 1", recovery: Seconds(30, 80, 80)));

        SoakVerdict.Judge(late, Defaults).Single(c => c.Rule == SoakRules.NotRecovered).Findings.Should().ContainSingle()
            .Which.Message.Should().Contain("took 12 s");
        SoakVerdict.Judge(quick, Defaults).Single(c => c.Rule == SoakRules.NotRecovered).Passed.Should().BeTrue();
        SoakVerdict.Judge(cut, Defaults).Single(c => c.Rule == SoakRules.NotRecovered).NotCovered.Should().Contain("still above");
    }

    [Fact]
    public void Without_a_noisy_tenant_in_the_run_nothing_is_judged_against_the_flood()
    {
        var measures = Measures(Neighbour("neighbour 2")) with { Noisy = null };

        SoakVerdict.Judge(measures, Defaults).Where(c => c.Rule == SoakRules.LatencyDegraded).Should().OnlyContain(c => c.NotCovered!.Contains("shard 1"));
    }

    private static SoakMeasures Measures(params NeighbourRun[] neighbours) =>
        new("GET /x", neighbours, Stream("noisy", "flood", 5, new StatusCounts(500, 1500, 0, 0, 0, 0), 2000), Phases, 0, []);

    private static NeighbourRun Neighbour(
        string label, double baselineP99Ms = 10, double floodP99Ms = 10, StatusCounts? floodStatuses = null, IReadOnlyList<LoadInterval>? recovery = null) =>
        new(label, label.Replace(' ', '-'),
            Stream(label, "baseline", baselineP99Ms, new StatusCounts(1000, 0, 0, 0, 0, 0), 1000),
            Stream(label, "flood", floodP99Ms, floodStatuses ?? new StatusCounts(1000, 0, 0, 0, 0, 0), 1000),
            Stream(label, "recovery", 10, new StatusCounts(1000, 0, 0, 0, 0, 0), 1000, recovery ?? Seconds(30, 10, 10, 10)));

    private static StreamResult Stream(string name, string phase, double p99Ms, StatusCounts statuses, long offered, IReadOnlyList<LoadInterval>? intervals = null)
    {
        var p99 = (long)(p99Ms * 1000);
        var summary = new LatencySummary(statuses.Answered, p99 / 2, p99 * 9 / 10, p99, p99, p99);
        return new StreamResult
        {
            Key = $"{name}/{phase}",
            Name = name,
            Phase = phase,
            Offered = offered,
            Sent = offered,
            Dropped = 0,
            Duration = TimeSpan.FromSeconds(10),
            Statuses = statuses,
            Latency = summary,
            ServiceTime = summary,
            SendLag = default,
            LatencyHistogram = LatencyHistograms.Create(),
            ServiceTimeHistogram = LatencyHistograms.Create(),
            SendLagHistogram = LatencyHistograms.Create(),
            Intervals = intervals ?? [],
        };
    }

    /// <summary>One-second intervals from <paramref name="from"/> seconds with these p99s (ms), 10 answers each.</summary>
    private static List<LoadInterval> Seconds(int from, params double[] p99s) =>
        [.. p99s.Select((p99, i) => new LoadInterval(
            "n/recovery", TimeSpan.FromSeconds(from + i), TimeSpan.FromSeconds(from + i + 1), 10,
            new StatusCounts(10, 0, 0, 0, 0, 0), new LatencySummary(10, 1000, 1000, (long)(p99 * 1000), (long)(p99 * 1000), (long)(p99 * 1000))))];
}
