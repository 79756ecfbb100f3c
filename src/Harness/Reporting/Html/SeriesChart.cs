using System.Text;
using Harness.Running;
using static Harness.Reporting.Html.HtmlText;
using static Harness.Reporting.ReportText;

namespace Harness.Reporting.Html;

/// <summary>
/// Series as one inline SVG line chart: each series' points joined in their order in a colour (and, past eight, a dash)
/// of its own with a legend under the plot when there are several; the bands of x shaded and labelled behind the lines (a
/// soak's baseline, flood and recovery); y from zero (or the lowest value, when negative) to the highest; x linear from
/// the first to the last, or a percentile spectrum (<see cref="ChartAxis"/>).
/// </summary>
internal static class SeriesChart
{
    private const int Width = 760, Left = 80, Right = 24, Top = 14, Bottom = 44, PlotHeight = 182, LegendRow = 18, LegendColumns = 3;
    private const int PlotWidth = Width - Left - Right;

    /// <param name="chart">The chart's name that the series share, or null for one series drawn on its own.</param>
    /// <param name="number">The chart's place on the page (1, 2...), for unique element ids.</param>
    public static void Append(StringBuilder html, string scenarioId, string? chart, IReadOnlyList<MetricSeries> series, int number)
    {
        var id = Inv($"series-{number}");
        var title = chart ?? series[0].Name;
        html.Append(Inv($"<figure data-scenario=\"{Escape(scenarioId)}\" data-chart=\"{Escape(title)}\""))
            .Append(series.Count == 1 ? Inv($" data-series=\"{Escape(series[0].Name)}\">\n") : ">\n");
        var drawn = series.Where(s => s.Points.Count > 0).ToList();
        if (drawn.Count == 0)
        {
            html.Append(Inv($"<p class=\"note\" id=\"{id}\">{Escape(title)} has no points.</p>\n</figure>\n"));
            return;
        }

        var axis = ChartAxis.For(series);
        var (minY, maxY) = (Math.Min(0, drawn.Min(s => s.Points.Min(p => p.Y))), Math.Max(0, drawn.Max(s => s.Points.Max(p => p.Y))));
        double X(double x) => Left + axis.Fraction(x) * PlotWidth;
        double Y(double y) => maxY > minY ? Top + PlotHeight - (y - minY) / (maxY - minY) * PlotHeight : Top + PlotHeight / 2.0;
        var legendRows = series.Count == 1 ? 0 : (series.Count + LegendColumns - 1) / LegendColumns;
        var height = Top + PlotHeight + Bottom + legendRows * LegendRow;
        var (unit, xUnit) = (series[0].Unit, series[0].XUnit);

        html.Append(Inv($"<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"{id}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" "))
            .Append(Inv($"width=\"{Width}\" height=\"{height}\" viewBox=\"0 0 {Width} {height}\" font-size=\"12\" font-family=\"system-ui, sans-serif\""))
            .Append(Inv($" data-scale=\"{(axis.IsPercentile ? "percentile" : "linear")}\">\n"))
            .Append(Inv($"<title id=\"{id}-title\">{Escape(title)}</title>\n"))
            .Append(Inv($"<desc id=\"{id}-desc\">{Escape(Description(series, axis))}</desc>\n"));
        AppendBands(html, series, X);
        html.Append(Inv($"<path d=\"M{Left} {Top}V{Top + PlotHeight}H{Left + PlotWidth}\" fill=\"none\" stroke=\"#111\"/>\n"))
            .Append(Inv($"<text x=\"{Left - 6}\" y=\"{Top + 4}\" text-anchor=\"end\" fill=\"#111\">{Escape(Figure(maxY, ""))}</text>"))
            .Append(Inv($"<text x=\"{Left - 6}\" y=\"{Top + PlotHeight + 4}\" text-anchor=\"end\" fill=\"#111\">{Escape(Figure(minY, ""))}</text>"))
            .Append(Inv($"<text x=\"{Left - 6}\" y=\"{Top + PlotHeight / 2 + 4}\" text-anchor=\"end\" fill=\"#3d3d3d\">{Escape(Label(unit))}</text>\n"));
        AppendXTicks(html, axis, X);
        var xLabel = axis.IsPercentile ? "percentile (log scale of 1/(1 - p))" : Label(xUnit);
        html.Append(Inv($"<text x=\"{Left + PlotWidth / 2}\" y=\"{Top + PlotHeight + 34}\" text-anchor=\"middle\" fill=\"#3d3d3d\">{Escape(xLabel)}</text>\n"));
        for (var i = 0; i < series.Count; i++)
        {
            AppendLine(html, series[i], i, X, Y);
        }

        if (legendRows > 0)
        {
            AppendLegend(html, series, Top + PlotHeight + Bottom);
        }

        html.Append("</svg>\n")
            .Append(Inv($"<figcaption>{Escape(Caption(scenarioId, title, series, axis))}</figcaption>\n</figure>\n"));
    }

    private static void AppendBands(StringBuilder html, IReadOnlyList<MetricSeries> series, Func<double, double> x)
    {
        var bands = series.SelectMany(s => s.Bands).Distinct().ToList();
        for (var i = 0; i < bands.Count; i++)
        {
            var (from, to) = (x(Math.Min(bands[i].From, bands[i].To)), x(Math.Max(bands[i].From, bands[i].To)));
            html.Append(Inv($"<g class=\"band\" data-band=\"{Escape(bands[i].Label)}\"><title>{Escape(bands[i].Label)}</title>"))
                .Append(Inv($"<rect x=\"{from:0.#}\" y=\"{Top}\" width=\"{Math.Max(to - from, 1):0.#}\" height=\"{PlotHeight}\" fill=\"{ChartPalette.Band(i)}\"/>"))
                .Append(Inv($"<text x=\"{from + 4:0.#}\" y=\"{Top + 12}\" fill=\"#3d3d3d\">{Escape(HtmlText.Shorten(bands[i].Label, Math.Max(1, (int)((to - from) / 7))))}</text></g>\n"));
        }
    }

    private static void AppendXTicks(StringBuilder html, ChartAxis axis, Func<double, double> x)
    {
        var ticks = axis.Ticks("");
        for (var i = 0; i < ticks.Count; i++)
        {
            var (value, label) = ticks[i];
            // A label at either end of the plot stays inside the picture.
            var anchor = x(value) <= Left + 1 || (!axis.IsPercentile && i == 0) ? "start" : x(value) >= Left + PlotWidth - 1 ? "end" : "middle";
            html.Append(axis.IsPercentile ? Inv($"<path class=\"tick\" d=\"M{x(value):0.#} {Top + PlotHeight}v5\" stroke=\"#111\"/>") : "")
                .Append(Inv($"<text x=\"{x(value):0.#}\" y=\"{Top + PlotHeight + 18}\" text-anchor=\"{anchor}\" fill=\"#111\">{Escape(label)}</text>"));
        }

        html.Append('\n');
    }

    private static void AppendLine(StringBuilder html, MetricSeries series, int index, Func<double, double> x, Func<double, double> y)
    {
        if (series.Points.Count == 0)
        {
            return;
        }

        var (colour, dash) = (ChartPalette.Line(index), ChartPalette.Dash(index));
        var line = string.Join(' ', series.Points.Select(p => Inv($"{x(p.X):0.#},{y(p.Y):0.#}")));
        html.Append(Inv($"<polyline data-series=\"{Escape(series.Name)}\" points=\"{line}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" stroke-linejoin=\"round\""))
            .Append(dash.Length == 0 ? "/>\n" : Inv($" stroke-dasharray=\"{dash}\"/>\n"));
        if (series.Points.Count == 1)
        {
            html.Append(Inv($"<circle cx=\"{x(series.Points[0].X):0.#}\" cy=\"{y(series.Points[0].Y):0.#}\" r=\"3\" fill=\"{colour}\"/>\n"));
        }
    }

    private static void AppendLegend(StringBuilder html, IReadOnlyList<MetricSeries> series, int top)
    {
        const int Column = PlotWidth / LegendColumns;
        html.Append("<g class=\"legend\">");
        for (var i = 0; i < series.Count; i++)
        {
            var (x, y) = (Left + i % LegendColumns * Column, top + i / LegendColumns * LegendRow);
            var dash = ChartPalette.Dash(i);
            html.Append(Inv($"<g data-legend=\"{Escape(series[i].Name)}\"><path d=\"M{x} {y + 8}h22\" stroke=\"{ChartPalette.Line(i)}\" stroke-width=\"3\""))
                .Append(dash.Length == 0 ? "/>" : Inv($" stroke-dasharray=\"{dash}\"/>"))
                .Append(Inv($"<text x=\"{x + 28}\" y=\"{y + 12}\" fill=\"#111\">{Escape(HtmlText.Shorten(series[i].Name, 30))}</text></g>"));
        }

        html.Append("</g>\n");
    }

    /// <summary>What a screen reader says instead of the picture: each series' range, and the bands.</summary>
    private static string Description(IReadOnlyList<MetricSeries> series, ChartAxis axis)
    {
        var lines = series.Select(s => s.Points.Count == 0
            ? $"{s.Name}: no points"
            : Inv($"{s.Name} from {Figure(s.Points.Min(p => p.Y), s.Unit)} to {Figure(s.Points.Max(p => p.Y), s.Unit)} over {XText(s.Points.Min(p => p.X), s, axis)} to {XText(s.Points.Max(p => p.X), s, axis)}"));
        var bands = series.SelectMany(s => s.Bands.Select(b => (Band: b, s.XUnit))).DistinctBy(b => b.Band)
            .Select(b => Inv($"{b.Band.Label} {Figure(b.Band.From, b.XUnit)} to {Figure(b.Band.To, b.XUnit)}")).ToList();
        return string.Join("; ", lines) + (bands.Count == 0 ? "" : "; shaded: " + string.Join(", ", bands));
    }

    private static string Caption(string scenarioId, string title, IReadOnlyList<MetricSeries> series, ChartAxis axis)
    {
        var points = series.Sum(s => s.Points.Count);
        var all = series.SelectMany(s => s.Points).ToList();
        var range = all.Count == 0 ? "" : Inv($" from {XText(all.Min(p => p.X), series[0], axis)} to {XText(all.Max(p => p.X), series[0], axis)}");
        var lines = series.Count == 1 ? "" : Inv($"{series.Count} series, ");
        return Inv($"{scenarioId}: {title} ({Label(series[0].Unit)}), {lines}{Count(points, "point")}{range}.");
    }

    private static string XText(double x, MetricSeries series, ChartAxis axis) =>
        axis.IsPercentile ? Inv($"p{x:0.####}") : Figure(x, series.XUnit);

    /// <summary>A unit for a label: the unit, or "value" when there is none.</summary>
    private static string Label(string unit) => unit.Length == 0 ? "value" : unit;
}
