using System.Text;
using Harness.Running;
using static Harness.Reporting.Html.HtmlText;
using static Harness.Reporting.ReportText;

namespace Harness.Reporting.Html;

/// <summary>
/// What the scenarios measured: every metric in a table (scenario, name, tenant, subject, value), then each series as a
/// line chart (<see cref="SeriesChart"/>). Shown only when a scenario reported a metric or a series.
/// </summary>
internal sealed class MetricsSection() : HtmlSection("metrics", "Metrics", "Metrics")
{
    /// <summary>At most this many metrics are rows; the rest are counted and left to report.json.</summary>
    public const int MaxRows = 500;

    public override bool Shows(HtmlPage page) => page.Report.Scenarios.Any(s => s.Metrics.Count > 0 || s.Series.Count > 0);

    public override void AppendBody(StringBuilder html, HtmlPage page)
    {
        var metrics = page.Report.Scenarios.SelectMany(s => s.Metrics.Select(m => (s.ScenarioId, Metric: m))).ToList();
        if (metrics.Count > 0)
        {
            AppendTable(html, metrics);
        }

        var index = 0;
        foreach (var scenario in page.Report.Scenarios)
        {
            foreach (var series in scenario.Series)
            {
                SeriesChart.Append(html, scenario.ScenarioId, series, ++index);
            }
        }
    }

    private static void AppendTable(StringBuilder html, List<(string ScenarioId, Metric Metric)> metrics)
    {
        html.Append("<table class=\"data\" id=\"metric-table\">\n<thead><tr>")
            .Append("<th scope=\"col\">scenario</th><th scope=\"col\">metric</th><th scope=\"col\">tenant</th>")
            .Append("<th scope=\"col\">subject</th><th scope=\"col\" class=\"n\">value</th>")
            .Append("</tr></thead>\n<tbody>\n");
        foreach (var (scenario, metric) in metrics.Take(MaxRows))
        {
            html.Append(Inv($"<tr data-scenario=\"{Escape(scenario)}\" data-metric=\"{Escape(metric.Name)}\"><td>{Escape(scenario)}</td>"))
                .Append(Inv($"<th scope=\"row\">{Escape(metric.Name)}</th><td>{Escape(metric.Tenant ?? "")}</td><td>{Escape(metric.Subject ?? "")}</td>"))
                .Append(Inv($"<td class=\"n\">{Escape(Figure(metric.Value, metric.Unit))}</td></tr>\n"));
        }

        html.Append("</tbody>\n</table>\n");
        if (metrics.Count > MaxRows)
        {
            html.Append(Inv($"<p class=\"note\">{metrics.Count - MaxRows} more metrics are in report.json.</p>\n"));
        }
    }
}
