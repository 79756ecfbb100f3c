using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Harness.Findings;
using Harness.Ledger;
using Harness.Reporting.Html;
using static Harness.Reporting.ReportText;

namespace Harness.Reporting;

/// <summary>
/// Writes one self-contained HTML page for people: the verdict and counts, a tenant x tenant matrix (attacker rows,
/// victim columns) coloured by the findings that name both tenants, the findings grouped by rule with evidence and
/// reproduction, per-scenario timings as a table and an inline SVG bar chart, and the run's facts.
/// </summary>
/// <remarks>
/// No network: CSS and a few lines of script are inline and pinned by hash in a Content-Security-Policy that allows
/// nothing else (no fonts, images, frames or requests). Everything taken from the report is HTML-escaped. The output
/// depends on the report (and the ledger) only: the one timestamp is the report's <see cref="RunReport.StartedAt"/>.
/// </remarks>
public static class HtmlReportWriter
{
    /// <summary>The matrix shows at most this many tenants on each axis (those involved in findings first).</summary>
    public const int MaxMatrixTenants = 60;

    /// <summary>At most this many findings get a detail entry; the rest are counted per rule and left to report.json.</summary>
    public const int MaxFindingDetails = 500;

    /// <summary>A finding's summary line shows at most this many characters of its message (the details show all of it).</summary>
    private const int SummaryLength = 200;

    /// <summary>Finding details start open when a report has at most this many.</summary>
    private const int OpenDetailsUpTo = 20;

    // Opens the finding a matrix cell (or any #f-N link) points at, and marks the page as scripted.
    private const string Script =
        "(function(){document.documentElement.setAttribute('data-js','on');" +
        "function openTarget(){var id=decodeURIComponent(location.hash.slice(1));var el=id?document.getElementById(id):null;" +
        "var d=el?el.querySelector('details'):null;if(d){d.open=true;}}" +
        "window.addEventListener('hashchange',openTarget);openTarget();})();";

    private const string Css = """
        :root{--fg:#111;--muted:#3d3d3d;--line:#767676;--panel:#f1f3f5;--link:#0b3d91;--pass:#1b5e20;--fail:#b71c1c;
        --critical:#5c0000;--high:#b3261e;--medium:#e65100;--low:#ffd54f;--info:#90caf9}
        *{box-sizing:border-box}
        body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:#fff}
        a{color:var(--link)}
        a:focus-visible,summary:focus-visible{outline:3px solid var(--link);outline-offset:2px}
        header.verdict{padding:20px 32px;color:#fff}
        header.pass{background:var(--pass)}
        header.fail,header.incomplete{background:var(--fail)}
        h1{margin:0 0 6px;font-size:28px}
        .lead{margin:0 0 14px;font-size:16px}
        .stats{display:flex;flex-wrap:wrap;gap:10px;margin:0;padding:0;list-style:none}
        .stats li{border:1px solid rgba(255,255,255,.7);border-radius:6px;padding:6px 12px;min-width:96px}
        .stats .num{display:block;font-size:20px;font-weight:700;font-variant-numeric:tabular-nums}
        nav{padding:8px 32px;border-bottom:1px solid var(--line);background:var(--panel)}
        nav a{margin-right:18px}
        main{padding:4px 32px 32px;max-width:1600px}
        h2{font-size:21px;border-bottom:2px solid var(--fg);padding-bottom:4px;margin:28px 0 12px}
        h3{font-size:17px;margin:6px 0}
        h4{font-size:14px;margin:10px 0 2px}
        code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
        table{border-collapse:collapse}
        .data th,.data td{border:1px solid var(--line);padding:4px 10px;text-align:left;vertical-align:top}
        .data thead th{background:var(--panel)}
        .data .n{text-align:right;font-variant-numeric:tabular-nums}
        .note{background:var(--panel);border-left:4px solid var(--link);padding:8px 12px;margin:8px 0}
        .sev{display:inline-block;min-width:70px;padding:1px 8px;border-radius:4px;font-size:12px;font-weight:700;text-transform:uppercase;text-align:center;border:1px solid #000}
        .c-critical{background:var(--critical);color:#fff}
        .c-high{background:var(--high);color:#fff}
        .c-medium{background:var(--medium);color:#000}
        .c-low{background:var(--low);color:#000}
        .c-info{background:var(--info);color:#000}
        .c-none{background:#fff;color:#000}
        .c-self{background:repeating-linear-gradient(45deg,#d0d0d0 0 3px,#fff 3px 6px)}
        .legend{display:flex;flex-wrap:wrap;gap:6px 18px;list-style:none;padding:0;margin:8px 0 12px}
        .legend-title{font-weight:600}
        .swatch{display:inline-block;width:18px;height:18px;border:1px solid #000;vertical-align:middle;margin-right:6px}
        .matrix-wrap{overflow:auto;max-width:100%;max-height:80vh}
        table.matrix{font-size:12px}
        .matrix caption{caption-side:top;text-align:left;padding:0 0 6px;color:var(--muted);white-space:nowrap}
        .matrix th,.matrix td{border:1px solid #8a8a8a}
        .matrix td{width:24px;min-width:24px;height:24px;padding:0;text-align:center;font-weight:700}
        .matrix td a{display:block;line-height:24px;color:inherit;text-decoration:none}
        .matrix td a:focus-visible{outline:3px solid var(--link);outline-offset:-3px}
        .matrix thead th{vertical-align:bottom;padding:4px 2px;background:var(--panel)}
        .matrix thead th.axis{text-align:left;padding:4px 8px;font-weight:600}
        .matrix thead th .v{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap;display:inline-block;max-height:150px;overflow:hidden;text-overflow:ellipsis}
        .matrix tbody th{text-align:right;padding:0 8px;white-space:nowrap;max-width:240px;overflow:hidden;text-overflow:ellipsis;background:var(--panel)}
        .matrix tbody th{position:sticky;left:0;z-index:1}
        .matrix thead tr+tr th{position:sticky;top:0;z-index:2}
        .matrix .corner{background:#fff;border:0;font-weight:600;text-align:right;padding:4px 8px;color:var(--muted)}
        .rule{border:1px solid var(--line);border-radius:6px;padding:6px 16px 10px;margin:14px 0}
        .rule .count{color:var(--muted);font-weight:400}
        .tag{font-size:12px;font-weight:400;border:1px solid var(--line);border-radius:4px;padding:0 6px;margin-left:6px}
        .remediation{margin:4px 0 8px}
        .findings{list-style:none;padding:0;margin:0}
        .findings>li{border-top:1px solid #cfcfcf;padding:6px 0}
        .findings>li:target{outline:3px solid var(--link);outline-offset:2px}
        summary{cursor:pointer}
        .below-gate summary{color:var(--muted)}
        .message{white-space:pre-wrap;margin:6px 0}
        .meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:6px 0}
        .meta dt{font-weight:600}
        .meta dd{margin:0}
        pre{background:#f6f8fa;border:1px solid #b8b8b8;border-radius:4px;padding:8px 10px;margin:2px 0 8px;overflow:auto;white-space:pre-wrap;overflow-wrap:anywhere;font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
        figure{margin:12px 0}
        figcaption{color:var(--muted);font-size:13px}
        footer{padding:12px 32px;border-top:1px solid var(--line);color:var(--muted);font-size:13px}
        @media print{nav{display:none}.matrix-wrap{max-height:none;overflow:visible}}
        """;

    private static readonly string ContentSecurityPolicy =
        $"default-src 'none'; style-src '{Sha256(Css)}'; script-src '{Sha256(Script)}'; img-src data:; base-uri 'none'; form-action 'none'";

    /// <summary>Strong text, and text HTML-escaped.</summary>
    private static readonly ReportMarkup Markup = new(text => $"<strong>{text}</strong>", HtmlText.Escape);

    private static readonly Severity[] SeveritiesHighFirst = [Severity.Critical, Severity.High, Severity.Medium, Severity.Low, Severity.Info];

    public static Task WriteAsync(RunReport report, string path, CancellationToken cancellationToken = default) =>
        WriteAsync(report, path, ledger: null, cancellationToken);

    /// <summary>Writes the page; with a <paramref name="ledger"/> the matrix has every seeded tenant and their names.</summary>
    public static async Task WriteAsync(RunReport report, string path, SeedLedger? ledger, CancellationToken cancellationToken = default) =>
        await File.WriteAllTextAsync(path, Render(report, ledger), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), cancellationToken);

    /// <summary>The HTML page, with <c>\n</c> line endings; the matrix has the tenants the findings name.</summary>
    public static string Render(RunReport report) => Render(report, ledger: null);

    /// <summary>The HTML page, with <c>\n</c> line endings; with a <paramref name="ledger"/> the matrix has every seeded tenant and their names.</summary>
    public static string Render(RunReport report, SeedLedger? ledger)
    {
        var findings = report.Findings.ToList();
        var page = new Page(report, findings, ledger);
        var html = new StringBuilder(16 * 1024);

        AppendHead(html, page);
        html.Append("<body>\n");
        AppendHeader(html, page);
        html.Append("<nav aria-label=\"Sections\"><a href=\"#matrix\">Tenant matrix</a><a href=\"#findings\">Findings</a>")
            .Append("<a href=\"#scenarios\">Scenarios</a><a href=\"#run\">Run</a></nav>\n");
        html.Append("<main>\n");
        AppendMatrix(html, page);
        AppendFindings(html, page);
        AppendScenarios(html, report);
        AppendFacts(html, page);
        html.Append("</main>\n");
        html.Append(Inv($"<footer><p>harness report for run {E(report.RunId)}. Self-contained: it loads nothing from the network. "))
            .Append("report.json holds the same run for machines.</p></footer>\n");
        html.Append("<script>").Append(Script).Append("</script>\n");
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static void AppendHead(StringBuilder html, Page page)
    {
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"").Append(ContentSecurityPolicy).Append("\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta name=\"color-scheme\" content=\"light\">\n")
            .Append(Inv($"<title>Harness {page.Verdict.Word}: {E(page.Report.Target)} ({E(page.Report.RunId)})</title>\n"))
            .Append("<style>").Append(Css).Append("</style>\n</head>\n");
    }

    private static void AppendHeader(StringBuilder html, Page page)
    {
        var report = page.Report;
        var failOn = Name(report.FailOn);
        html.Append(Inv($"<header class=\"verdict {page.Verdict.Word.ToLowerInvariant()}\" id=\"summary\">\n"))
            .Append(Inv($"<h1>Harness: <span id=\"verdict\">{page.Verdict.Word}</span></h1>\n"))
            .Append("<p class=\"lead\">").Append(VerdictText.Lead(report, page.Verdict, Markup)).Append("</p>\n");
        foreach (var reason in page.Verdict.Reasons)
        {
            html.Append("<p class=\"lead\">").Append(VerdictText.Reason(reason, Markup)).Append("</p>\n");
        }

        html.Append("<ul class=\"stats\">\n");
        AppendStat(html, "checks", page.Checks);
        AppendStat(html, "passed", page.Passed);
        AppendStat(html, "probes", page.Probes);
        AppendStat(html, "findings", page.Findings.Count);
        AppendStat(html, $"at or above {failOn}", page.GateCount);
        AppendStat(html, "tenants", report.Tenants);
        AppendStat(html, "seeded rows", report.SeededRows);
        html.Append(Inv($"<li><span class=\"num\">{Duration(report.Duration)}</span>duration</li>\n"));
        html.Append("</ul>\n</header>\n");
    }

    private static void AppendStat(StringBuilder html, string name, int value) =>
        html.Append(Inv($"<li data-stat=\"{E(name)}\"><span class=\"num\">{value}</span>{E(name)}</li>\n"));

    private static void AppendMatrix(StringBuilder html, Page page)
    {
        var matrix = page.Matrix;
        html.Append("<section id=\"matrix\" aria-labelledby=\"matrix-title\">\n<h2 id=\"matrix-title\">Tenant \u00d7 tenant matrix</h2>\n");
        if (matrix.PairFindings == 0)
        {
            html.Append(Inv($"<p class=\"note\" id=\"matrix-empty\">No finding names an attacker and a victim tenant: "))
                .Append(Inv($"there is no cross-tenant pair to draw among the {Count(page.SeededTenants, "tenant")} seeded.</p>\n</section>\n"));
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
            html.Append(Inv($"<th scope=\"col\" data-tenant=\"{E(victim.Key)}\" title=\"{E(victim.Description)}\"><span class=\"v\">{E(HtmlText.Shorten(victim.Label, 40))}</span></th>"));
        }

        html.Append("</tr>\n</thead>\n<tbody>\n");
        foreach (var attacker in shown)
        {
            html.Append(Inv($"<tr><th scope=\"row\" data-tenant=\"{E(attacker.Key)}\" title=\"{E(attacker.Description)}\">{E(HtmlText.Shorten(attacker.Label, 40))}</th>"));
            foreach (var victim in shown)
            {
                AppendCell(html, page, attacker, victim);
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody>\n</table>\n</div>\n</section>\n");
    }

    private static void AppendCell(StringBuilder html, Page page, MatrixTenant attacker, MatrixTenant victim)
    {
        var cell = page.Matrix.At(attacker.Key, victim.Key);
        var pair = $"{attacker.Description} \u2192 {victim.Description}";
        if (cell.Count == 0)
        {
            var self = attacker.Key == victim.Key ? " class=\"c-self\"" : "";
            html.Append(Inv($"<td{self} data-attacker=\"{E(attacker.Key)}\" data-victim=\"{E(victim.Key)}\" data-findings=\"0\" title=\"{E(pair)}: no finding\"></td>"));
            return;
        }

        var worst = cell.Max(i => page.Findings[i].Severity);
        var rules = string.Join(", ", cell
            .GroupBy(i => page.Findings[i].Rule.Id, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Inv($"{g.Key} \u00d7{g.Count()}")));
        var title = Inv($"{pair}: {Count(cell.Count, "finding")}, worst {Name(worst)} ({rules})");
        html.Append(Inv($"<td class=\"leak c-{Name(worst)}\" data-attacker=\"{E(attacker.Key)}\" data-victim=\"{E(victim.Key)}\" "))
            .Append(Inv($"data-findings=\"{cell.Count}\" data-severity=\"{Name(worst)}\" title=\"{E(title)}\">"));
        var target = cell.Where(page.Rendered.Contains).OrderBy(i => page.DisplayRank[i]).Cast<int?>().FirstOrDefault();
        html.Append(target is { } first
            ? Inv($"<a href=\"#f-{first}\" aria-label=\"{E(title)}\">{cell.Count}</a>")
            : Inv($"{cell.Count}"));
        html.Append("</td>");
    }

    private static void AppendFindings(StringBuilder html, Page page)
    {
        var report = page.Report;
        html.Append("<section id=\"findings\" aria-labelledby=\"findings-title\">\n<h2 id=\"findings-title\">Findings</h2>\n");
        if (page.Findings.Count == 0)
        {
            html.Append("<p class=\"note\">No findings: every check passed.</p>\n</section>\n");
            return;
        }

        html.Append(Inv($"<p>{Count(page.Findings.Count, "finding")} under {Count(page.Groups.Count, "rule")}, the most severe first"))
            .Append(Inv($"; the gate fails on {Name(report.FailOn)} and above.</p>\n"));
        if (page.Findings.Count > page.Rendered.Count)
        {
            html.Append(Inv($"<p class=\"note\">Details are shown for the first {page.Rendered.Count} findings; "))
                .Append(Inv($"{page.Findings.Count - page.Rendered.Count} more are counted per rule and are in report.json.</p>\n"));
        }

        var open = page.Rendered.Count <= OpenDetailsUpTo ? " open" : "";
        for (var g = 0; g < page.Groups.Count; g++)
        {
            var group = page.Groups[g];
            var rule = group.Rule;
            var severity = Name(group.Severity);
            var belowGate = !RunVerdict.Fails(group.Severity, report.FailOn);
            html.Append(Inv($"<section class=\"rule\" id=\"rule-{g + 1}\" data-rule=\"{E(rule.Id)}\" data-severity=\"{severity}\" aria-labelledby=\"rule-{g + 1}-title\">\n"))
                .Append(Inv($"<h3 id=\"rule-{g + 1}-title\"><span class=\"sev c-{severity}\">{severity}</span> <code>{E(rule.Id)}</code> {E(rule.Title)} "))
                .Append(Inv($"<span class=\"count\">\u00b7 {Count(group.Items.Count, "finding")}</span>"))
                .Append(belowGate ? Inv($"<span class=\"tag\">below fail-on {Name(report.FailOn)}</span>") : "")
                .Append("</h3>\n")
                .Append(Inv($"<p class=\"remediation\"><strong>Remediation:</strong> {E(rule.Remediation)}</p>\n"))
                .Append("<ol class=\"findings\">\n");
            var hidden = 0;
            foreach (var index in group.Items)
            {
                if (!page.Rendered.Contains(index))
                {
                    hidden++;
                    continue;
                }

                AppendFinding(html, page.Findings[index], index, open, report.FailOn);
            }

            html.Append("</ol>\n");
            if (hidden > 0)
            {
                html.Append(Inv($"<p class=\"note\">{Count(hidden, "more finding")} of {E(rule.Id)} {(hidden == 1 ? "is" : "are")} in report.json.</p>\n"));
            }

            html.Append("</section>\n");
        }

        html.Append("</section>\n");
    }

    private static void AppendFinding(StringBuilder html, Finding finding, int index, string open, Severity failOn)
    {
        var tenants = finding.Tenants;
        var severity = Name(finding.Severity);
        html.Append(Inv($"<li id=\"f-{index}\" data-rule=\"{E(finding.Rule.Id)}\" data-scenario=\"{E(finding.Scenario)}\""));
        if (tenants is not null)
        {
            html.Append(Inv($" data-attacker=\"{E(tenants.Attacker)}\" data-victim=\"{E(tenants.Victim)}\""));
        }

        html.Append(RunVerdict.Fails(finding.Severity, failOn) ? "" : " class=\"below-gate\"").Append(">\n")
            .Append(Inv($"<details{open}><summary><span class=\"sev c-{severity}\">{severity}</span> "))
            .Append(Inv($"<strong>{E(finding.Subject)}</strong>: {E(HtmlText.Shorten(finding.Message, SummaryLength))}</summary>\n"));
        if (HtmlText.Shorten(finding.Message, SummaryLength) != finding.Message)
        {
            // The summary showed only the start (or lost the line breaks): the whole message follows.
            html.Append(Inv($"<p class=\"message\">{E(finding.Message)}</p>\n"));
        }

        html.Append("<dl class=\"meta\">")
            .Append(Inv($"<dt>rule</dt><dd><code>{E(finding.Rule.Id)}</code> {E(finding.Rule.Title)}</dd>"))
            .Append(Inv($"<dt>scenario</dt><dd>{E(finding.Scenario)}</dd>"))
            .Append(Inv($"<dt>subject</dt><dd><code>{E(finding.Subject)}</code></dd>"));
        if (tenants is not null)
        {
            html.Append(Inv($"<dt>tenants</dt><dd>attacker <code>{E(tenants.Attacker)}</code> \u2192 victim <code>{E(tenants.Victim)}</code></dd>"));
        }

        html.Append("</dl>\n<h4>Evidence</h4>\n")
            .Append(Inv($"<pre class=\"evidence\">{E(finding.Evidence)}</pre>\n"));
        if (finding.Reproduction is not null)
        {
            var language = MarkdownReportWriter.ReproductionLanguage(finding.Reproduction);
            html.Append(Inv($"<h4>Reproduce ({language})</h4>\n"))
                .Append(Inv($"<pre class=\"reproduction\" data-lang=\"{language}\">{E(finding.Reproduction)}</pre>\n"));
        }

        html.Append("</details>\n</li>\n");
    }

    private static void AppendScenarios(StringBuilder html, RunReport report)
    {
        html.Append("<section id=\"scenarios\" aria-labelledby=\"scenarios-title\">\n<h2 id=\"scenarios-title\">Scenarios</h2>\n");
        if (report.Scenarios.Count == 0)
        {
            html.Append("<p class=\"note\">No scenario ran.</p>\n</section>\n");
            return;
        }

        html.Append("<table class=\"data\" id=\"scenario-table\">\n<thead><tr>")
            .Append("<th scope=\"col\">scenario</th><th scope=\"col\" class=\"n\">checks</th><th scope=\"col\" class=\"n\">passed</th>")
            .Append("<th scope=\"col\" class=\"n\">probes</th><th scope=\"col\" class=\"n\">findings</th><th scope=\"col\" class=\"n\">duration</th>")
            .Append("</tr></thead>\n<tbody>\n");
        foreach (var scenario in report.Scenarios)
        {
            html.Append(Inv($"<tr data-scenario=\"{E(scenario.ScenarioId)}\"><th scope=\"row\">{E(scenario.ScenarioId)}</th>"))
                .Append(Inv($"<td class=\"n\">{scenario.Checks.Count}</td><td class=\"n\">{scenario.Checks.Count(c => c.Passed)}</td>"))
                .Append(Inv($"<td class=\"n\">{scenario.Probes}</td><td class=\"n\">{scenario.Findings.Count()}</td>"))
                .Append(Inv($"<td class=\"n\">{Duration(scenario.Duration)}</td></tr>\n"));
        }

        html.Append("</tbody>\n</table>\n");
        AppendTimingChart(html, report);
        html.Append("</section>\n");
    }

    /// <summary>A horizontal bar per scenario, as long as its share of the slowest; red when it has findings.</summary>
    private static void AppendTimingChart(StringBuilder html, RunReport report)
    {
        const int Width = 760, LabelWidth = 180, BarWidth = 460, Row = 28, Bar = 18, Top = 10;
        var height = Top * 2 + report.Scenarios.Count * Row;
        var slowest = report.Scenarios.Max(s => s.Duration.TotalSeconds);
        var description = string.Join(", ", report.Scenarios.Select(s => $"{s.ScenarioId} {Duration(s.Duration)}"));
        html.Append("<figure>\n")
            .Append(Inv($"<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"timings\" role=\"img\" aria-labelledby=\"timings-title timings-desc\" "))
            .Append(Inv($"width=\"{Width}\" height=\"{height}\" viewBox=\"0 0 {Width} {height}\" font-size=\"13\" font-family=\"system-ui, sans-serif\">\n"))
            .Append("<title id=\"timings-title\">Duration per scenario</title>\n")
            .Append(Inv($"<desc id=\"timings-desc\">{E(description)}</desc>\n"))
            .Append(Inv($"<line x1=\"{LabelWidth}\" y1=\"{Top - 4}\" x2=\"{LabelWidth}\" y2=\"{height - Top + 4}\" stroke=\"#111\"/>\n"));
        for (var i = 0; i < report.Scenarios.Count; i++)
        {
            var scenario = report.Scenarios[i];
            var seconds = scenario.Duration.TotalSeconds;
            var length = slowest > 0 ? Math.Max(1, Math.Round(BarWidth * seconds / slowest, 1)) : 1;
            var y = Top + i * Row;
            var findings = scenario.Findings.Count();
            var fill = findings > 0 ? "#b3261e" : "#1b5e20";
            html.Append(Inv($"<g data-scenario=\"{E(scenario.ScenarioId)}\"><title>{E(scenario.ScenarioId)}: {Duration(scenario.Duration)}, "))
                .Append(Inv($"{Count(scenario.Checks.Count, "check")}, {Count(findings, "finding")}</title>"))
                .Append(Inv($"<text x=\"{LabelWidth - 8}\" y=\"{y + Bar - 4}\" text-anchor=\"end\" fill=\"#111\">{E(HtmlText.Shorten(scenario.ScenarioId, 24))}</text>"))
                .Append(Inv($"<rect x=\"{LabelWidth + 1}\" y=\"{y}\" width=\"{length}\" height=\"{Bar}\" fill=\"{fill}\"/>"))
                .Append(Inv($"<text x=\"{LabelWidth + 1 + length + 6}\" y=\"{y + Bar - 4}\" fill=\"#111\">{Duration(scenario.Duration)}</text></g>\n"));
        }

        html.Append("</svg>\n<figcaption>Wall-clock duration per scenario; red bars are scenarios with findings, green ones passed.</figcaption>\n</figure>\n");
    }

    private static void AppendFacts(StringBuilder html, Page page)
    {
        html.Append("<section id=\"run\" aria-labelledby=\"run-title\">\n<h2 id=\"run-title\">Run</h2>\n<table class=\"data\" id=\"facts\">\n<tbody>\n");
        foreach (var (name, value) in RunFacts.Of(page.Report, page.Verdict))
        {
            AppendFact(html, name, value);
        }
        html.Append("</tbody>\n</table>\n</section>\n");
    }

    private static void AppendFact(StringBuilder html, string name, string value) =>
        html.Append(Inv($"<tr><th scope=\"row\">{E(name)}</th><td>{E(value)}</td></tr>\n"));

    private static string Sha256(string text) => "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string E(string text) => HtmlText.Escape(text);


    /// <summary>What the sections share: counts, the matrix, and the findings' display order (groups) and which get details.</summary>
    private sealed class Page
    {
        public Page(RunReport report, List<Finding> findings, SeedLedger? ledger)
        {
            Report = report;
            Findings = findings;
            Verdict = RunVerdict.Of(report);
            Passed = report.Scenarios.Sum(s => s.Checks.Count(c => c.Passed));
            SeededTenants = ledger?.Tenants.Count ?? report.Tenants;
            Matrix = TenantMatrix.Build(findings, ledger, MaxMatrixTenants);
            Groups = [.. Enumerable.Range(0, findings.Count)
                .GroupBy(i => findings[i].Rule.Id, StringComparer.Ordinal)
                .Select(g => new RuleGroup(
                    findings[g.First()].Rule,
                    g.Max(i => findings[i].Severity),
                    [.. g.OrderByDescending(i => findings[i].Severity).ThenBy(i => i)]))
                .OrderByDescending(g => g.Severity)
                .ThenBy(g => g.Rule.Id, StringComparer.Ordinal)];
            var order = Groups.SelectMany(g => g.Items).ToList();
            DisplayRank = order.Select((index, rank) => (index, rank)).ToDictionary(p => p.index, p => p.rank);
            Rendered = [.. order.Take(MaxFindingDetails)];
        }

        public RunReport Report { get; }

        public List<Finding> Findings { get; }

        public RunVerdict Verdict { get; }

        public int GateCount => Verdict.GateFindings.Count;

        public int Checks => Verdict.Checks;

        public int Passed { get; }

        public int Probes => Verdict.Probes;

        public int SeededTenants { get; }

        public TenantMatrix Matrix { get; }

        public List<RuleGroup> Groups { get; }

        public Dictionary<int, int> DisplayRank { get; }

        public HashSet<int> Rendered { get; }
    }

    private sealed record RuleGroup(Rule Rule, Severity Severity, List<int> Items);
}
