namespace Harness.Running;

/// <summary>
/// Values a scenario recorded over its run, e.g. latency over time: points in the order they were taken. The HTML report
/// charts each series as a line; series that name the same <see cref="Chart"/> share one chart.
/// </summary>
/// <param name="Name">What was recorded, e.g. <c>p99 latency</c>; may name a tenant (<c>p99 latency t3</c>).</param>
/// <param name="Unit">The unit of the values (y), e.g. <c>ms</c>.</param>
/// <param name="Points">The points, in the order taken (usually by ascending x).</param>
/// <param name="XUnit">The unit of x; seconds since the scenario started unless said otherwise.</param>
public sealed record MetricSeries(string Name, string Unit, IReadOnlyList<SeriesPoint> Points, string XUnit = "s")
{
    /// <summary>The chart this series is drawn in together with the others naming it, e.g. <c>latency over time</c>; null for a chart of its own.</summary>
    public string? Chart { get; init; }

    /// <summary>How x is laid out: linearly (time), or as a percentile spectrum (x in percent, 0 to 100, on a log scale of 1/(1 - p)).</summary>
    public SeriesScale XScale { get; init; } = SeriesScale.Linear;

    /// <summary>Ranges of x to shade and label, e.g. the phases of a soak (baseline, flood, recovery); none by default.</summary>
    public IReadOnlyList<SeriesBand> Bands { get; init; } = [];
}

/// <summary>How a series' x axis is laid out.</summary>
public enum SeriesScale
{
    /// <summary>Linear x, e.g. seconds since the start.</summary>
    Linear,

    /// <summary>x is a percentile in percent (50, 90, 99, 99.9...), drawn on a log scale of 1/(1 - p) as HdrHistogram's plots are.</summary>
    Percentile,
}

/// <summary>A labelled range of x to shade, e.g. a soak's flood phase from 20 s to 80 s.</summary>
public readonly record struct SeriesBand(string Label, double From, double To);

/// <summary>One point of a <see cref="MetricSeries"/>: finite x and y.</summary>
public readonly record struct SeriesPoint(double X, double Y)
{
    /// <exception cref="ArgumentOutOfRangeException">x is NaN or infinite.</exception>
    public double X { get; init; } = Finite(X, nameof(X));

    /// <exception cref="ArgumentOutOfRangeException">y is NaN or infinite.</exception>
    public double Y { get; init; } = Finite(Y, nameof(Y));

    private static double Finite(double value, string name) =>
        double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(name, value, "a series point must be finite");
}
