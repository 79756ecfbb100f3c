using System.Text;
using Harness.Findings;
using static Harness.Reporting.Html.HtmlText;
using static Harness.Reporting.ReportText;

namespace Harness.Reporting.Html;

/// <summary>
/// The tenant x tenant matrix (<see cref="TenantMatrix"/>): attacker rows, victim columns labelled T1, T2..., each cell
/// coloured by the worst finding that names both tenants and linked to its group, "not probed" when no check probed the
/// pair; folded into a details element when it is large.
/// </summary>
internal sealed class MatrixSection() : HtmlSection("matrix", "Tenant matrix", "Tenant \u00d7 tenant matrix")
{
    /// <summary>A grid with more tenants than this on an axis (or more cells than <see cref="FoldCells"/>) starts collapsed.</summary>
    public const int FoldTenants = 12;

    /// <summary>A grid with more cells than this starts collapsed.</summary>
    public const int FoldCells = 200;

    private static readonly Severity[] SeveritiesHighFirst = [Severity.Critical, Severity.High, Severity.Medium, Severity.Low, Severity.Info];

    public override void AppendBody(StringBuilder html, HtmlPage page)
    {
        var matrix = page.Matrix;
        if (matrix.PairFindings == 0 && matrix.ProbedPairs == 0)
        {
            html.Append(Inv($"<p class=\"note\" id=\"matrix-empty\">No finding names an attacker and a victim tenant: "))
                .Append(Inv($"there is no cross-tenant pair to draw among the {Count(page.SeededTenants, "tenant")} seeded.</p>\n"));
            return;
        }

        html.Append(Inv($"<p>{Count(matrix.PairFindings, "finding")} {(matrix.PairFindings == 1 ? "names" : "name")} an attacker and a victim tenant, "))
            .Append(Inv($"involving {Count(matrix.InvolvedTenants, "tenant")} of the {page.SeededTenants} seeded; checks probed {Count(matrix.ProbedPairs, "pair")}. "))
            .Append("Rows are the tenant that acted, columns the tenant whose data it reached (T1, T2... in seeding order; hover for the id); ")
            .Append("select a coloured cell for its findings.</p>\n");
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
            .Append("<li><span class=\"swatch c-none\" aria-hidden=\"true\"></span>probed, no finding</li>\n")
            .Append("<li><span class=\"swatch c-unprobed\" aria-hidden=\"true\"></span>not probed</li>\n")
            .Append("<li><span class=\"swatch c-self\" aria-hidden=\"true\"></span>same tenant</li>\n");
        foreach (var severity in SeveritiesHighFirst)
        {
            html.Append(Inv($"<li><span class=\"swatch c-{Name(severity)}\" aria-hidden=\"true\"></span>{Name(severity)}</li>\n"));
        }

        html.Append("</ul>\n");

        var shown = matrix.Shown;
        var folded = shown.Count > FoldTenants || shown.Count * shown.Count > FoldCells;
        if (folded)
        {
            html.Append(Inv($"<details class=\"matrix-fold\" id=\"matrix-fold\"><summary>Show the grid of {shown.Count} \u00d7 {shown.Count} tenants "))
                .Append(Inv($"(T1\u2013T{shown.Count}; collapsed because it is large)</summary>\n"));
        }

        html.Append("<div class=\"matrix-wrap\">\n<table class=\"matrix\" id=\"tenant-matrix\">\n")
            .Append("<caption>Attacker tenant (rows) \u00d7 victim tenant (columns): findings per pair</caption>\n<thead>\n")
            .Append(Inv($"<tr><td class=\"corner\"></td><th scope=\"colgroup\" colspan=\"{shown.Count}\" class=\"axis\">victim tenant (whose data) \u2192</th></tr>\n"))
            .Append("<tr><td class=\"corner\">attacker tenant \u2193</td>");
        foreach (var victim in shown)
        {
            html.Append(Inv($"<th scope=\"col\" data-tenant=\"{Escape(victim.Key)}\" title=\"{Escape(victim.Description)}\"><span class=\"v\">{Escape(victim.Label)}</span></th>"));
        }

        html.Append("</tr>\n</thead>\n<tbody>\n");
        foreach (var attacker in shown)
        {
            html.Append(Inv($"<tr><th scope=\"row\" data-tenant=\"{Escape(attacker.Key)}\" title=\"{Escape(attacker.Description)}\">{Escape(attacker.Label)}</th>"));
            foreach (var victim in shown)
            {
                AppendCell(html, page, attacker, victim);
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody>\n</table>\n</div>\n");
        if (folded)
        {
            html.Append("</details>\n");
        }
    }

    private static void AppendCell(StringBuilder html, HtmlPage page, MatrixTenant attacker, MatrixTenant victim)
    {
        var cell = page.Matrix.At(attacker.Key, victim.Key);
        var pair = $"{attacker.Description} \u2192 {victim.Description}";
        if (cell.Count == 0)
        {
            var (css, state) = attacker.Key == victim.Key ? (" class=\"c-self\"", "same tenant")
                : page.Matrix.WasProbed(attacker.Key, victim.Key) ? ("", "probed, no finding")
                : (" class=\"c-unprobed\"", "not probed");
            html.Append(Inv($"<td{css} data-attacker=\"{Escape(attacker.Key)}\" data-victim=\"{Escape(victim.Key)}\" data-findings=\"0\" title=\"{Escape(pair)}: {state}\"></td>"));
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
        var target = cell.Select(i => page.GroupOfFinding[i]).Where(page.Rendered.Contains).OrderBy(g => page.DisplayRank[g]).Cast<int?>().FirstOrDefault();
        html.Append(target is { } first
            ? Inv($"<a href=\"#g-{first}\" aria-label=\"{Escape(title)}\">{cell.Count}</a>")
            : Inv($"{cell.Count}"));
        html.Append("</td>");
    }
}
