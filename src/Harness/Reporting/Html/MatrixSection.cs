using System.Text;
using Harness.Findings;
using static Harness.Reporting.Html.HtmlText;
using static Harness.Reporting.ReportText;

namespace Harness.Reporting.Html;

/// <summary>
/// The tenant x tenant matrix (<see cref="TenantMatrix"/>): attacker rows, victim columns, each cell coloured by the worst
/// finding that names both tenants and linked to the first of them.
/// </summary>
internal sealed class MatrixSection() : HtmlSection("matrix", "Tenant matrix", "Tenant \u00d7 tenant matrix")
{
    private static readonly Severity[] SeveritiesHighFirst = [Severity.Critical, Severity.High, Severity.Medium, Severity.Low, Severity.Info];

    public override void AppendBody(StringBuilder html, HtmlPage page)
    {
        var matrix = page.Matrix;
        if (matrix.PairFindings == 0)
        {
            html.Append(Inv($"<p class=\"note\" id=\"matrix-empty\">No finding names an attacker and a victim tenant: "))
                .Append(Inv($"there is no cross-tenant pair to draw among the {Count(page.SeededTenants, "tenant")} seeded.</p>\n"));
            return;
        }

        html.Append(Inv($"<p>{Count(matrix.PairFindings, "finding")} {(matrix.PairFindings == 1 ? "names" : "name")} an attacker and a victim tenant, "))
            .Append(Inv($"involving {Count(matrix.InvolvedTenants, "tenant")} of the {page.SeededTenants} seeded. "))
            .Append("Rows are the tenant that acted, columns the tenant whose data it reached; select a coloured cell for its findings.</p>\n");
        if (matrix.LeftOut > 0)
        {
            html.Append(Inv($"<p class=\"note\" id=\"matrix-capped\">The grid shows {matrix.Shown.Count} of {matrix.KnownTenants} tenants "))
                .Append(Inv($"(those involved in findings first): {matrix.LeftOut} left out.</p>\n"));
        }

        if (matrix.FindingsOutsideGrid > 0)
        {
            html.Append(Inv($"<p class=\"note\" id=\"matrix-outside\">{Count(matrix.FindingsOutsideGrid, "finding")} "))
                .Append(Inv($"{(matrix.FindingsOutsideGrid == 1 ? "involves" : "involve")} a tenant left out of the grid; see Findings.</p>\n"));
        }

        html.Append("<ul class=\"legend\" aria-label=\"Legend: a cell's colour is the worst severity among its findings, its number counts them\">\n")
            .Append("<li class=\"legend-title\">Cell colour: worst finding of the pair; number: how many findings.</li>\n")
            .Append("<li><span class=\"swatch c-none\" aria-hidden=\"true\"></span>no finding</li>\n")
            .Append("<li><span class=\"swatch c-self\" aria-hidden=\"true\"></span>same tenant</li>\n");
        foreach (var severity in SeveritiesHighFirst)
        {
            html.Append(Inv($"<li><span class=\"swatch c-{Name(severity)}\" aria-hidden=\"true\"></span>{Name(severity)}</li>\n"));
        }

        html.Append("</ul>\n");

        var shown = matrix.Shown;
        html.Append("<div class=\"matrix-wrap\">\n<table class=\"matrix\" id=\"tenant-matrix\">\n")
            .Append("<caption>Attacker tenant (rows) \u00d7 victim tenant (columns): findings per pair</caption>\n<thead>\n")
            .Append(Inv($"<tr><td class=\"corner\"></td><th scope=\"colgroup\" colspan=\"{shown.Count}\" class=\"axis\">victim tenant (whose data) \u2192</th></tr>\n"))
            .Append("<tr><td class=\"corner\">attacker tenant \u2193</td>");
        foreach (var victim in shown)
        {
            html.Append(Inv($"<th scope=\"col\" data-tenant=\"{Escape(victim.Key)}\" title=\"{Escape(victim.Description)}\"><span class=\"v\">{Escape(HtmlText.Shorten(victim.Label, 40))}</span></th>"));
        }

        html.Append("</tr>\n</thead>\n<tbody>\n");
        foreach (var attacker in shown)
        {
            html.Append(Inv($"<tr><th scope=\"row\" data-tenant=\"{Escape(attacker.Key)}\" title=\"{Escape(attacker.Description)}\">{Escape(HtmlText.Shorten(attacker.Label, 40))}</th>"));
            foreach (var victim in shown)
            {
                AppendCell(html, page, attacker, victim);
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody>\n</table>\n</div>\n");
    }

    private static void AppendCell(StringBuilder html, HtmlPage page, MatrixTenant attacker, MatrixTenant victim)
    {
        var cell = page.Matrix.At(attacker.Key, victim.Key);
        var pair = $"{attacker.Description} \u2192 {victim.Description}";
        if (cell.Count == 0)
        {
            var self = attacker.Key == victim.Key ? " class=\"c-self\"" : "";
            html.Append(Inv($"<td{self} data-attacker=\"{Escape(attacker.Key)}\" data-victim=\"{Escape(victim.Key)}\" data-findings=\"0\" title=\"{Escape(pair)}: no finding\"></td>"));
            return;
        }

        var worst = cell.Max(i => page.Findings[i].Severity);
        var rules = string.Join(", ", cell
            .GroupBy(i => page.Findings[i].Rule.Id, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Inv($"{g.Key} \u00d7{g.Count()}")));
        var title = Inv($"{pair}: {Count(cell.Count, "finding")}, worst {Name(worst)} ({rules})");
        html.Append(Inv($"<td class=\"leak c-{Name(worst)}\" data-attacker=\"{Escape(attacker.Key)}\" data-victim=\"{Escape(victim.Key)}\" "))
            .Append(Inv($"data-findings=\"{cell.Count}\" data-severity=\"{Name(worst)}\" title=\"{Escape(title)}\">"));
        var target = cell.Where(page.Rendered.Contains).OrderBy(i => page.DisplayRank[i]).Cast<int?>().FirstOrDefault();
        html.Append(target is { } first
            ? Inv($"<a href=\"#f-{first}\" aria-label=\"{Escape(title)}\">{cell.Count}</a>")
            : Inv($"{cell.Count}"));
        html.Append("</td>");
    }
}
