using Harness.Running;

namespace Harness.Reporting.Html;

/// <summary>
/// The x axis of a series chart: linear from the lowest to the highest x (bands included), or a percentile spectrum on a log
/// scale of 1/(1 - p), from 0 % to the nines the data reaches (at least 99 %), ticked at 50, 90, 99, 99.9... % as
/// HdrHistogram's plots are.
/// </summary>
internal sealed class ChartAxis
{
    /// <summary>Percentiles at or above this are drawn here (100 % is at infinity on this scale).</summary>
    private const double TopPercentile = 99.9999;

    private static readonly double[] PercentileTicks = [50, 90, 99, 99.9, 99.99, 99.999, 99.9999];

    private readonly SeriesScale scale;

    private ChartAxis(SeriesScale scale, double min, double max)
    {
        this.scale = scale;
        Min = min;
        Max = max;
    }

    /// <summary>The lowest x on the axis, in axis units (log units for a percentile axis).</summary>
    public double Min { get; }

    /// <summary>The highest x on the axis, in axis units.</summary>
    public double Max { get; }

    public bool IsPercentile => scale == SeriesScale.Percentile;

    /// <summary>The axis for every point and band of <paramref name="series"/> (the first series' scale decides).</summary>
    public static ChartAxis For(IReadOnlyList<MetricSeries> series)
    {
        var scale = series[0].XScale;
        var xs = series.SelectMany(s => s.Points.Select(p => p.X).Concat(s.Bands.SelectMany(b => new[] { b.From, b.To }))).ToList();
        if (scale == SeriesScale.Percentile)
        {
            var top = xs.Count == 0 ? 2 : Math.Ceiling(xs.Max(Log) - 1e-9);
            return new ChartAxis(scale, 0, Math.Clamp(top, 2, Log(TopPercentile)));
        }

        return new ChartAxis(scale, xs.Min(), xs.Max());
    }

    /// <summary>Where x lies between <see cref="Min"/> (0) and <see cref="Max"/> (1); 0.5 when the axis is one value.</summary>
    public double Fraction(double x)
    {
        var value = IsPercentile ? Log(x) : x;
        return Max > Min ? Math.Clamp((value - Min) / (Max - Min), 0, 1) : 0.5;
    }

    /// <summary>The labelled ticks: the ends of a linear axis, or the percentiles (50, 90, 99, 99.9...) a percentile axis reaches.</summary>
    public IReadOnlyList<(double X, string Label)> Ticks(string unit)
    {
        if (IsPercentile)
        {
            return [.. PercentileTicks.Where(p => Log(p) <= Max + 1e-9).Select(p => (p, ReportText.Inv($"{p:0.####}%")))];
        }

        return Max > Min ? [(Min, ReportText.Figure(Min, unit)), (Max, ReportText.Figure(Max, unit))] : [(Min, ReportText.Figure(Min, unit))];
    }

    /// <summary>log10(1 / (1 - p)) of a percentile p in percent, p clamped to 0 .. 99.9999.</summary>
    private static double Log(double percentile) => -Math.Log10(1 - Math.Clamp(percentile, 0, TopPercentile) / 100);
}
