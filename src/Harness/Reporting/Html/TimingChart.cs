using System.Text;
using static Harness.Reporting.Html.HtmlText;
using static Harness.Reporting.ReportText;

namespace Harness.Reporting.Html;

/// <summary>The scenarios' wall-clock durations as an inline SVG bar chart.</summary>
internal static class TimingChart
{
    /// <summary>A horizontal bar per scenario, as long as its share of the slowest; red when it has findings.</summary>
    public static void Append(StringBuilder html, RunReport report)
    {
        const int Width = 760, LabelWidth = 180, BarWidth = 460, Row = 28, Bar = 18, Top = 10;
        var height = Top * 2 + report.Scenarios.Count * Row;
        var slowest = report.Scenarios.Max(s => s.Duration.TotalSeconds);
        var description = string.Join(", ", report.Scenarios.Select(s => $"{s.ScenarioId} {Duration(s.Duration)}"));
        html.Append("<figure>\n")
            .Append(Inv($"<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"timings\" role=\"img\" aria-labelledby=\"timings-title timings-desc\" "))
            .Append(Inv($"width=\"{Width}\" height=\"{height}\" viewBox=\"0 0 {Width} {height}\" font-size=\"13\" font-family=\"system-ui, sans-serif\">\n"))
            .Append("<title id=\"timings-title\">Duration per scenario</title>\n")
            .Append(Inv($"<desc id=\"timings-desc\">{Escape(description)}</desc>\n"))
            .Append(Inv($"<line x1=\"{LabelWidth}\" y1=\"{Top - 4}\" x2=\"{LabelWidth}\" y2=\"{height - Top + 4}\" stroke=\"#111\"/>\n"));
        for (var i = 0; i < report.Scenarios.Count; i++)
        {
            var scenario = report.Scenarios[i];
            var seconds = scenario.Duration.TotalSeconds;
            var length = slowest > 0 ? Math.Max(1, Math.Round(BarWidth * seconds / slowest, 1)) : 1;
            var y = Top + i * Row;
            var findings = scenario.Findings.Count();
            var fill = findings > 0 ? "#b3261e" : "#1b5e20";
            html.Append(Inv($"<g data-scenario=\"{Escape(scenario.ScenarioId)}\"><title>{Escape(scenario.ScenarioId)}: {Duration(scenario.Duration)}, "))
                .Append(Inv($"{Count(scenario.Checks.Count, "check")}, {Count(findings, "finding")}</title>"))
                .Append(Inv($"<text x=\"{LabelWidth - 8}\" y=\"{y + Bar - 4}\" text-anchor=\"end\" fill=\"#111\">{Escape(HtmlText.Shorten(scenario.ScenarioId, 24))}</text>"))
                .Append(Inv($"<rect x=\"{LabelWidth + 1}\" y=\"{y}\" width=\"{length}\" height=\"{Bar}\" fill=\"{fill}\"/>"))
                .Append(Inv($"<text x=\"{LabelWidth + 1 + length + 6}\" y=\"{y + Bar - 4}\" fill=\"#111\">{Duration(scenario.Duration)}</text></g>\n"));
        }

        html.Append("</svg>\n<figcaption>Wall-clock duration per scenario; red bars are scenarios with findings, green ones passed.</figcaption>\n</figure>\n");
    }
}
