using System.Text;
using Harness.Running;
using static Harness.Reporting.Html.HtmlText;
using static Harness.Reporting.ReportText;

namespace Harness.Reporting.Html;

/// <summary>
/// One scenario's per-tenant figures as a table: a row per tenant and subject (a soak's phase, an endpoint), a column per
/// metric, in the order the scenario reported them, so per-tenant latency, rates and goodput read across and down.
/// </summary>
internal static class TenantMetricsTable
{
    /// <summary>At most this many rows per scenario; the rest are counted and left to report.json.</summary>
    public const int MaxRows = 200;

    public static void Append(StringBuilder html, string scenarioId, IReadOnlyList<Metric> metrics)
    {
        var table = TenantMetricGrid.Of(metrics);
        // Many metrics make a wide table: it scrolls inside its box rather than widening the page.
        html.Append("<div class=\"table-wrap\">\n")
            .Append(Inv($"<table class=\"data\" data-scenario=\"{Escape(scenarioId)}\" data-tenant-table=\"{Escape(scenarioId)}\">\n"))
            .Append(Inv($"<caption>{Escape(scenarioId)}: figures per tenant</caption>\n<thead><tr><th scope=\"col\">tenant</th>"))
            .Append(table.HasSubjects ? "<th scope=\"col\">phase or subject</th>" : "");
        foreach (var (name, unit) in table.Columns)
        {
            html.Append(Inv($"<th scope=\"col\" class=\"n\">{Escape(name)}{(unit.Length == 0 ? "" : " (" + Escape(unit) + ")")}</th>"));
        }

        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in table.Rows.Take(MaxRows))
        {
            html.Append(Inv($"<tr data-tenant=\"{Escape(row.Tenant)}\"><th scope=\"row\">{Escape(row.Tenant)}</th>"))
                .Append(table.HasSubjects ? Inv($"<td>{Escape(row.Subject ?? "")}</td>") : "");
            foreach (var value in row.Values)
            {
                html.Append(Inv($"<td class=\"n\">{(value is { } v ? Escape(Figure(v, "")) : "")}</td>"));
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody>\n</table>\n</div>\n");
        if (table.Rows.Count > MaxRows)
        {
            html.Append(Inv($"<p class=\"note\">{table.Rows.Count - MaxRows} more rows are in report.json.</p>\n"));
        }
    }
}
