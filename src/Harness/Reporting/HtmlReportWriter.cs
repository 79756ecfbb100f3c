using System.Text;
using Harness.Ledger;
using Harness.Reporting.Html;
using static Harness.Reporting.Html.HtmlText;
using static Harness.Reporting.ReportText;

namespace Harness.Reporting;

/// <summary>
/// Writes one self-contained HTML page for people: the verdict and counts (<see cref="VerdictHeader"/>), then the
/// sections of <see cref="HtmlSections.All"/> that show for the report, each linked from the navigation: a tenant x tenant
/// matrix (attacker rows, victim columns, tenants numbered T1, T2...) coloured by the findings that name both tenants, with
/// the pairs no check probed drawn as "not probed" and a large grid collapsed; the findings by rule, one entry per subject
/// (<see cref="Findings.FindingGroup"/>) with its count, tenant pairs and examples; what was covered (rules and their
/// checks, objects by aspects); the scenarios' metrics as a table and their series as inline SVG line charts (when any),
/// per-scenario timings as a table and an inline SVG bar chart, and the run's facts.
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

    /// <summary>At most this many finding groups get a detail entry; the rest are counted per rule and left to report.json.</summary>
    public const int MaxFindingDetails = 500;

    public static Task WriteAsync(RunReport report, string path, CancellationToken cancellationToken = default) =>
        WriteAsync(report, path, ledger: null, cancellationToken);

    /// <summary>Writes the page; with a <paramref name="ledger"/> the matrix has every seeded tenant and their names.</summary>
    public static async Task WriteAsync(RunReport report, string path, SeedLedger? ledger, CancellationToken cancellationToken = default) =>
        await File.WriteAllTextAsync(path, Render(report, ledger), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), cancellationToken);

    /// <summary>The HTML page, with <c>\n</c> line endings; the matrix has the tenants the findings name.</summary>
    public static string Render(RunReport report) => Render(report, ledger: null);

    /// <summary>The HTML page, with <c>\n</c> line endings; with a <paramref name="ledger"/> the matrix has every seeded tenant and their names.</summary>
    public static string Render(RunReport report, SeedLedger? ledger) => Render(report, ledger, HtmlSections.All);

    /// <summary>The HTML page with the given <paramref name="sections"/> (those that show for the report) in its main part.</summary>
    internal static string Render(RunReport report, SeedLedger? ledger, IReadOnlyList<HtmlSection> sections)
    {
        var page = new HtmlPage(report, ledger);
        var shown = sections.Where(s => s.Shows(page)).ToList();
        var html = new StringBuilder(16 * 1024);

        AppendHead(html, page);
        html.Append("<body>\n");
        VerdictHeader.Append(html, page);
        html.Append("<nav aria-label=\"Sections\">");
        foreach (var section in shown)
        {
            html.Append(Inv($"<a href=\"#{section.Id}\">{Escape(section.NavLabel)}</a>"));
        }

        html.Append("</nav>\n<main>\n");
        foreach (var section in shown)
        {
            html.Append(Inv($"<section id=\"{section.Id}\" aria-labelledby=\"{section.Id}-title\">\n<h2 id=\"{section.Id}-title\">{Escape(section.Heading)}</h2>\n"));
            section.AppendBody(html, page);
            html.Append("</section>\n");
        }

        html.Append("</main>\n");
        html.Append(Inv($"<footer><p>harness report for run {Escape(report.RunId)}. Self-contained: it loads nothing from the network. "))
            .Append("report.json holds the same run for machines.</p></footer>\n");
        html.Append("<script>").Append(PageAssets.Script).Append("</script>\n");
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static void AppendHead(StringBuilder html, HtmlPage page)
    {
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"").Append(PageAssets.ContentSecurityPolicy).Append("\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta name=\"color-scheme\" content=\"light\">\n")
            .Append(Inv($"<title>Harness {page.Verdict.Word}: {Escape(page.Report.Target)} ({Escape(page.Report.RunId)})</title>\n"))
            .Append("<style>").Append(PageAssets.Css).Append("</style>\n</head>\n");
    }
}
