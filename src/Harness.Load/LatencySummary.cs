using HdrHistogram;

namespace Harness.Load;

/// <summary>Percentiles of one latency histogram, in microseconds (0 when nothing was recorded).</summary>
public readonly record struct LatencySummary(long Count, long P50, long P90, long P99, long P999, long Max)
{
    /// <summary>The summary of <paramref name="histogram"/>.</summary>
    public static LatencySummary Of(HistogramBase histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        if (histogram.TotalCount == 0)
        {
            return default;
        }

        return new LatencySummary(
            histogram.TotalCount,
            histogram.GetValueAtPercentile(50),
            histogram.GetValueAtPercentile(90),
            histogram.GetValueAtPercentile(99),
            histogram.GetValueAtPercentile(99.9),
            histogram.GetMaxValue());
    }

    /// <summary>The p99 as a duration.</summary>
    public TimeSpan P99Duration => TimeSpan.FromMicroseconds(P99);
}
