namespace Harness.Running;

/// <summary>
/// Values a scenario recorded over its run, e.g. latency over time: points in the order they were taken. The HTML report
/// charts each series as a line.
/// </summary>
/// <param name="Name">What was recorded, e.g. <c>p99 latency</c>; may name a tenant (<c>p99 latency t3</c>).</param>
/// <param name="Unit">The unit of the values (y), e.g. <c>ms</c>.</param>
/// <param name="Points">The points, in the order taken (usually by ascending x).</param>
/// <param name="XUnit">The unit of x; seconds since the scenario started unless said otherwise.</param>
public sealed record MetricSeries(string Name, string Unit, IReadOnlyList<SeriesPoint> Points, string XUnit = "s");

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
