using System.Text;
using Harness.Running;
using static Harness.Reporting.Html.HtmlText;
using static Harness.Reporting.ReportText;

namespace Harness.Reporting.Html;

/// <summary>
/// A series as an inline SVG line chart: the points joined in their order, y from zero (or the lowest value, when
/// negative) to the highest, x from the first to the last, each axis labelled with its ends and unit.
/// </summary>
internal static class SeriesChart
{
    private const int Width = 760, Height = 240, Left = 80, Right = 24, Top = 14, Bottom = 44;
    private const int PlotWidth = Width - Left - Right, PlotHeight = Height - Top - Bottom;

    /// <param name="number">The chart's place on the page (1, 2...), for unique element ids.</param>
    public static void Append(StringBuilder html, string scenarioId, MetricSeries series, int number)
    {
        var id = Inv($"series-{number}");
        var points = series.Points;
        html.Append(Inv($"<figure data-scenario=\"{Escape(scenarioId)}\" data-series=\"{Escape(series.Name)}\">\n"));
        if (points.Count == 0)
        {
            html.Append(Inv($"<p class=\"note\" id=\"{id}\">{Escape(series.Name)} has no points.</p>\n</figure>\n"));
            return;
        }

        var (minX, maxX) = (points.Min(p => p.X), points.Max(p => p.X));
        var (minY, maxY) = (Math.Min(0, points.Min(p => p.Y)), Math.Max(0, points.Max(p => p.Y)));
        double X(double x) => maxX > minX ? Left + (x - minX) / (maxX - minX) * PlotWidth : Left + PlotWidth / 2.0;
        double Y(double y) => maxY > minY ? Top + PlotHeight - (y - minY) / (maxY - minY) * PlotHeight : Top + PlotHeight / 2.0;
        var caption = Inv($"{scenarioId}: {series.Name} ({Unit(series.Unit)}), {Count(points.Count, "point")} from {Figure(minX, series.XUnit)} to {Figure(maxX, series.XUnit)}.");

        html.Append(Inv($"<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"{id}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" "))
            .Append(Inv($"width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-size=\"12\" font-family=\"system-ui, sans-serif\">\n"))
            .Append(Inv($"<title id=\"{id}-title\">{Escape(series.Name)}</title>\n"))
            .Append(Inv($"<desc id=\"{id}-desc\">{Escape(series.Name)} from {Escape(Figure(points.Min(p => p.Y), series.Unit))} to "))
            .Append(Inv($"{Escape(Figure(points.Max(p => p.Y), series.Unit))} over {Escape(Figure(minX, series.XUnit))} to {Escape(Figure(maxX, series.XUnit))}</desc>\n"))
            .Append(Inv($"<path d=\"M{Left} {Top}V{Top + PlotHeight}H{Left + PlotWidth}\" fill=\"none\" stroke=\"#111\"/>\n"))
            .Append(Inv($"<text x=\"{Left - 6}\" y=\"{Top + 4}\" text-anchor=\"end\" fill=\"#111\">{Escape(Figure(maxY, ""))}</text>"))
            .Append(Inv($"<text x=\"{Left - 6}\" y=\"{Top + PlotHeight + 4}\" text-anchor=\"end\" fill=\"#111\">{Escape(Figure(minY, ""))}</text>"))
            .Append(Inv($"<text x=\"{Left - 6}\" y=\"{Top + PlotHeight / 2 + 4}\" text-anchor=\"end\" fill=\"#3d3d3d\">{Escape(Unit(series.Unit))}</text>\n"))
            .Append(Inv($"<text x=\"{Left}\" y=\"{Top + PlotHeight + 18}\" fill=\"#111\">{Escape(Figure(minX, ""))}</text>"))
            .Append(maxX > minX ? Inv($"<text x=\"{Left + PlotWidth}\" y=\"{Top + PlotHeight + 18}\" text-anchor=\"end\" fill=\"#111\">{Escape(Figure(maxX, ""))}</text>") : "")
            .Append(Inv($"<text x=\"{Left + PlotWidth / 2}\" y=\"{Top + PlotHeight + 34}\" text-anchor=\"middle\" fill=\"#3d3d3d\">{Escape(Unit(series.XUnit))}</text>\n"));
        var line = string.Join(' ', points.Select(p => Inv($"{X(p.X):0.#},{Y(p.Y):0.#}")));
        html.Append(Inv($"<polyline points=\"{line}\" fill=\"none\" stroke=\"#0b3d91\" stroke-width=\"2\" stroke-linejoin=\"round\"/>\n"));
        if (points.Count == 1)
        {
            html.Append(Inv($"<circle cx=\"{X(points[0].X):0.#}\" cy=\"{Y(points[0].Y):0.#}\" r=\"3\" fill=\"#0b3d91\"/>\n"));
        }

        html.Append("</svg>\n")
            .Append(Inv($"<figcaption>{Escape(caption)}</figcaption>\n</figure>\n"));
    }

    /// <summary>A unit for a label: the unit, or "value" when there is none.</summary>
    private static string Unit(string unit) => unit.Length == 0 ? "value" : unit;
}
