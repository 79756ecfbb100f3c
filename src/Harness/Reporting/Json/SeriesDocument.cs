using Harness.Running;

namespace Harness.Reporting.Json;

/// <summary>
/// A <see cref="MetricSeries"/> in report.json: name, unit, its points on one line, the unit of x, then the chart it shares,
/// its x scale (<c>percentile</c>) and its shaded bands, each left out when it has its default (own chart, linear, none).
/// </summary>
public sealed record SeriesDocument(string Name, string Unit, IReadOnlyList<SeriesPoint> Points, string XUnit = "s")
{
    /// <summary>The chart the series shares with others naming it; absent for a chart of its own.</summary>
    public string? Chart { get; init; }

    /// <summary><c>percentile</c> for a percentile spectrum; absent for linear x.</summary>
    public SeriesScale? XScale { get; init; }

    /// <summary>The labelled ranges of x shaded behind the lines (a soak's phases); absent when none.</summary>
    public IReadOnlyList<BandDocument>? Bands { get; init; }

    internal static SeriesDocument From(MetricSeries series) => new(series.Name, series.Unit, series.Points, series.XUnit)
    {
        Chart = series.Chart,
        XScale = series.XScale == SeriesScale.Linear ? null : series.XScale,
        Bands = series.Bands.Count == 0 ? null : [.. series.Bands.Select(b => new BandDocument(b.Label, b.From, b.To))],
    };

    internal MetricSeries ToSeries() => new(Name, Unit, Points, XUnit)
    {
        Chart = Chart,
        XScale = XScale ?? SeriesScale.Linear,
        Bands = [.. (Bands ?? []).Select(b => new SeriesBand(b.Label, b.From, b.To))],
    };
}

/// <summary>A <see cref="SeriesBand"/> in report.json: <c>{ "label": "flood", "from": 30, "to": 90 }</c>.</summary>
public sealed record BandDocument(string Label, double From, double To);
