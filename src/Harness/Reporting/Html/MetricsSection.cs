using System.Text;
using Harness.Running;
using static Harness.Reporting.Html.HtmlText;
using static Harness.Reporting.ReportText;

namespace Harness.Reporting.Html;

/// <summary>
/// What the scenarios measured: the figures about no one tenant in a table (scenario, name, subject, value), each
/// scenario's per-tenant figures as a tenant x metric table (<see cref="TenantMetricsTable"/>), then the series as line
/// charts, those naming the same chart in one (<see cref="SeriesChart"/>). Shown only when a scenario reported a metric or a series.
/// </summary>
internal sealed class MetricsSection() : HtmlSection("metrics", "Metrics", "Metrics")
{
    /// <summary>At most this many metrics are rows; the rest are counted and left to report.json.</summary>
    public const int MaxRows = 500;

    public override bool Shows(HtmlPage page) => page.Report.Scenarios.Any(s => s.Metrics.Count > 0 || s.Series.Count > 0);

    public override void AppendBody(StringBuilder html, HtmlPage page)
    {
        var metrics = page.Report.Scenarios.SelectMany(s => s.Metrics.Where(m => m.Tenant is null).Select(m => (s.ScenarioId, Metric: m))).ToList();
        if (metrics.Count > 0)
        {
            AppendTable(html, metrics);
        }

        foreach (var scenario in page.Report.Scenarios.Where(s => s.Metrics.Any(m => m.Tenant is not null)))
        {
            TenantMetricsTable.Append(html, scenario.ScenarioId, scenario.Metrics);
        }

        var index = 0;
        foreach (var scenario in page.Report.Scenarios)
        {
            foreach (var (chart, series) in Charts(scenario.Series))
            {
                SeriesChart.Append(html, scenario.ScenarioId, chart, series, ++index);
            }
        }
    }

    /// <summary>The charts of one scenario in the order first named: the series sharing a chart name together, the others alone.</summary>
    private static IEnumerable<(string? Chart, IReadOnlyList<MetricSeries> Series)> Charts(IReadOnlyList<MetricSeries> series)
    {
        var shared = series.Where(s => s.Chart is not null).GroupBy(s => s.Chart!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var drawn = new HashSet<string>(StringComparer.Ordinal);
        foreach (var one in series)
        {
            if (one.Chart is null)
            {
                yield return (null, [one]);
            }
            else if (drawn.Add(one.Chart))
            {
                yield return (one.Chart, shared[one.Chart]);
            }
        }
    }

    private static void AppendTable(StringBuilder html, List<(string ScenarioId, Metric Metric)> metrics)
    {
        html.Append("<table class=\"data\" id=\"metric-table\">\n<thead><tr>")
            .Append("<th scope=\"col\">scenario</th><th scope=\"col\">metric</th>")
            .Append("<th scope=\"col\">subject</th><th scope=\"col\" class=\"n\">value</th>")
            .Append("</tr></thead>\n<tbody>\n");
        foreach (var (scenario, metric) in metrics.Take(MaxRows))
        {
            html.Append(Inv($"<tr data-scenario=\"{Escape(scenario)}\" data-metric=\"{Escape(metric.Name)}\"><td>{Escape(scenario)}</td>"))
                .Append(Inv($"<th scope=\"row\">{Escape(metric.Name)}</th><td>{Escape(metric.Subject ?? "")}</td>"))
                .Append(Inv($"<td class=\"n\">{Escape(Figure(metric.Value, metric.Unit))}</td></tr>\n"));
        }

        html.Append("</tbody>\n</table>\n");
        if (metrics.Count > MaxRows)
        {
            html.Append(Inv($"<p class=\"note\">{metrics.Count - MaxRows} more metrics are in report.json.</p>\n"));
        }
    }
}
