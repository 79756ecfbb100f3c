using Harness.Load;

namespace Harness.Scenarios.Soak;

/// <summary>The soak's measures as pure functions of what the load engine recorded: the p99 bound, success rates, Jain's index, recovery time, trends.</summary>
public static class SoakJudge
{
    /// <summary>A memory trend fails above this many MB per minute...</summary>
    public const double MemorySlopeMbPerMinute = 5;

    /// <summary>...with at least this good a fit...</summary>
    public const double MemoryMinRSquared = 0.6;

    /// <summary>...and a fitted growth over the flood above this many MB.</summary>
    public const double MemoryMinGrowthMb = 20;

    /// <summary>A latency trend needs at least this good a fit to fail.</summary>
    public const double LatencyMinRSquared = 0.5;

    /// <summary>Fewer points than this say nothing about a trend.</summary>
    public const int MinTrendPoints = 5;

    /// <summary>The SOAK001 bound in ms: max(factor x baseline p99, baseline p99 + slack).</summary>
    public static double P99BoundMs(double baselineP99Ms, SoakThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        return Math.Max(thresholds.P99Factor * baselineP99Ms, baselineP99Ms + thresholds.P99SlackMs);
    }

    /// <summary>A latency in µs as ms.</summary>
    public static double Ms(long microseconds) => microseconds / 1000.0;

    /// <summary>
    /// The 2xx share of the requests that ended (answered, failed or timed out), in percent; null when none ended. Requests
    /// still outstanding when the load stopped are left out: they say nothing either way.
    /// </summary>
    public static double? SuccessPercent(StatusCounts statuses)
    {
        var ended = statuses.Answered + statuses.Errors + statuses.Timeouts;
        return ended == 0 ? null : 100.0 * statuses.Success / ended;
    }

    /// <summary>Jain's fairness index (Σx)² / (n·Σx²): 1 when all equal, 1/n when one gets everything; 1 for no allocation at all.</summary>
    public static double JainIndex(IReadOnlyList<double> allocations)
    {
        ArgumentNullException.ThrowIfNull(allocations);
        var sum = allocations.Sum();
        var squares = allocations.Sum(x => x * x);
        return allocations.Count == 0 || squares == 0 ? 1 : sum * sum / (allocations.Count * squares);
    }

    /// <summary>
    /// How long after <paramref name="floodEnd"/> a neighbour's per-second p99 came back under <paramref name="boundMs"/> and
    /// stayed there: the start of the first interval from which every later interval with answers is under the bound,
    /// minus the flood's end (zero when it never left). Null when no interval after the flood had answers, or the last one
    /// is still above the bound.
    /// </summary>
    public static TimeSpan? RecoveryTime(IReadOnlyList<LoadInterval> intervals, TimeSpan floodEnd, double boundMs)
    {
        ArgumentNullException.ThrowIfNull(intervals);
        var after = intervals.Where(i => i.End > floodEnd && i.Latency.Count > 0).OrderBy(i => i.Start).ToList();
        if (after.Count == 0 || Ms(after[^1].Latency.P99) > boundMs)
        {
            return null;
        }

        var firstGood = after.Count;
        while (firstGood > 0 && Ms(after[firstGood - 1].Latency.P99) <= boundMs)
        {
            firstGood--;
        }

        if (firstGood == 0)
        {
            return TimeSpan.Zero;
        }

        var recovered = after[firstGood].Start - floodEnd;
        return recovered < TimeSpan.Zero ? TimeSpan.Zero : recovered;
    }

    /// <summary>The per-second p99 (ms) of the intervals with answers between <paramref name="from"/> and <paramref name="to"/>, x in seconds from <paramref name="from"/>.</summary>
    public static IReadOnlyList<(double X, double Y)> P99Points(IEnumerable<LoadInterval> intervals, TimeSpan from, TimeSpan to)
    {
        ArgumentNullException.ThrowIfNull(intervals);
        return [.. intervals
            .Where(i => i.Latency.Count > 0 && i.End > from && i.Start < to)
            .OrderBy(i => i.Start)
            .Select(i => ((i.End - from).TotalSeconds, Ms(i.Latency.P99)))];
    }

    /// <summary>Whether memory samples (x seconds, y MB) trend up: slope, fit and growth over the bounds.</summary>
    public static bool MemoryGrows(Trend trend) =>
        trend.Count >= MinTrendPoints && trend.Slope * 60 > MemorySlopeMbPerMinute && trend.RSquared >= MemoryMinRSquared && trend.Growth > MemoryMinGrowthMb;

    /// <summary>
    /// Whether a neighbour's per-second p99 (x seconds, y ms) trends up during the flood: a good fit, a slope above 10 % of
    /// the baseline p99 per minute, and a fitted rise over the flood above the p99 slack.
    /// </summary>
    public static bool LatencyGrows(Trend trend, double baselineP99Ms, SoakThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        return trend.Count >= MinTrendPoints && trend.RSquared >= LatencyMinRSquared
            && trend.Slope * 60 > 0.1 * baselineP99Ms && trend.Growth > thresholds.P99SlackMs;
    }
}
