using System.Text;
using Harness.Running;
using static Harness.Reporting.ReportText;

namespace Harness.Reporting;

/// <summary>
/// The Markdown summary's metrics: a table of the figures about no one tenant, a short tenant x subject (phase) table of
/// the main per-tenant figures per scenario, and a line naming the series that report.html charts.
/// </summary>
internal static class MarkdownMetrics
{
    /// <summary>At most this many metrics are rows; the rest are counted and left to report.json.</summary>
    public const int MaxRows = 200;

    /// <summary>A per-tenant table shows at most this many metrics (the first reported) and rows, to stay short in a CI step summary.</summary>
    public const int MaxTenantColumns = 6, MaxTenantRows = 40;

    /// <summary>Appends the section when a scenario measured or recorded anything; else nothing.</summary>
    public static void Append(StringBuilder md, RunReport report)
    {
        var metrics = report.Scenarios.SelectMany(s => s.Metrics.Where(m => m.Tenant is null).Select(m => (s.ScenarioId, Metric: m))).ToList();
        var series = report.Scenarios.SelectMany(s => s.Series).ToList();
        var perTenant = report.Scenarios.Where(s => s.Metrics.Any(m => m.Tenant is not null)).ToList();
        if (metrics.Count == 0 && series.Count == 0 && perTenant.Count == 0)
        {
            return;
        }

        md.Append("### Metrics\n\n");
        if (metrics.Count > 0)
        {
            md.Append("| scenario | metric | subject | value |\n");
            md.Append("| --- | --- | --- | ---: |\n");
            foreach (var (scenario, metric) in metrics.Take(MaxRows))
            {
                md.Append(Inv($"| {Cell(scenario)} | {Cell(metric.Name)} | {Cell(metric.Subject ?? "")} | {Cell(Figure(metric.Value, metric.Unit))} |\n"));
            }

            md.Append('\n');
            if (metrics.Count > MaxRows)
            {
                md.Append(Inv($"{metrics.Count - MaxRows} more in report.json.\n\n"));
            }
        }

        foreach (var scenario in perTenant)
        {
            AppendTenantTable(md, scenario);
        }

        if (series.Count > 0)
        {
            // "series" is its own plural.
            md.Append(Inv($"{series.Count} series ({Cell(string.Join(", ", series.Select(s => s.Name)))}) "))
                .Append(series.Count == 1 ? "is" : "are").Append(" charted in report.html.\n\n");
        }
    }

    private static void AppendTenantTable(StringBuilder md, ScenarioResult scenario)
    {
        var grid = TenantMetricGrid.Of(scenario.Metrics);
        var columns = grid.Columns.Take(MaxTenantColumns).ToList();
        md.Append(Inv($"**{Cell(scenario.ScenarioId)} per tenant**\n\n| tenant |")).Append(grid.HasSubjects ? " phase or subject |" : "");
        foreach (var (name, unit) in columns)
        {
            md.Append(Inv($" {Cell(name)}{(unit.Length == 0 ? "" : " (" + Cell(unit) + ")")} |"));
        }

        md.Append("\n| --- |").Append(grid.HasSubjects ? " --- |" : "").Append(string.Concat(Enumerable.Repeat(" ---: |", columns.Count))).Append('\n');
        foreach (var row in grid.Rows.Take(MaxTenantRows))
        {
            md.Append(Inv($"| {Cell(row.Tenant)} |")).Append(grid.HasSubjects ? Inv($" {Cell(row.Subject ?? "")} |") : "");
            foreach (var value in row.Values.Take(columns.Count))
            {
                md.Append(' ').Append(value is { } v ? Figure(v, "") : "").Append(" |");
            }

            md.Append('\n');
        }

        var left = new List<string>();
        if (grid.Rows.Count > MaxTenantRows)
        {
            left.Add(Count(grid.Rows.Count - MaxTenantRows, "more row"));
        }

        if (grid.Columns.Count > columns.Count)
        {
            left.Add(Count(grid.Columns.Count - columns.Count, "more metric"));
        }

        md.Append(left.Count == 0 ? "\n" : Inv($"\n{string.Join(" and ", left)} in report.json and report.html.\n\n"));
    }

    private static string Cell(string text) => MarkdownReportWriter.Cell(text);
}
