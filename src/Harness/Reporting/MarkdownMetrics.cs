using System.Text;
using static Harness.Reporting.ReportText;

namespace Harness.Reporting;

/// <summary>The Markdown summary's metrics: a table of every scenario's figures, and a line naming the series that report.html charts.</summary>
internal static class MarkdownMetrics
{
    /// <summary>At most this many metrics are rows; the rest are counted and left to report.json.</summary>
    public const int MaxRows = 200;

    /// <summary>Appends the section when a scenario measured or recorded anything; else nothing.</summary>
    public static void Append(StringBuilder md, RunReport report)
    {
        var metrics = report.Scenarios.SelectMany(s => s.Metrics.Select(m => (s.ScenarioId, Metric: m))).ToList();
        var series = report.Scenarios.SelectMany(s => s.Series).ToList();
        if (metrics.Count == 0 && series.Count == 0)
        {
            return;
        }

        md.Append("### Metrics\n\n");
        if (metrics.Count > 0)
        {
            md.Append("| scenario | metric | tenant | subject | value |\n");
            md.Append("| --- | --- | --- | --- | ---: |\n");
            foreach (var (scenario, metric) in metrics.Take(MaxRows))
            {
                md.Append(Inv($"| {Cell(scenario)} | {Cell(metric.Name)} | {Cell(metric.Tenant ?? "")} | {Cell(metric.Subject ?? "")} | {Cell(Figure(metric.Value, metric.Unit))} |\n"));
            }

            md.Append('\n');
            if (metrics.Count > MaxRows)
            {
                md.Append(Inv($"{metrics.Count - MaxRows} more in report.json.\n\n"));
            }
        }

        if (series.Count > 0)
        {
            // "series" is its own plural.
            md.Append(Inv($"{series.Count} series ({Cell(string.Join(", ", series.Select(s => s.Name)))}) "))
                .Append(series.Count == 1 ? "is" : "are").Append(" charted in report.html.\n\n");
        }
    }

    private static string Cell(string text) => MarkdownReportWriter.Cell(text);
}
