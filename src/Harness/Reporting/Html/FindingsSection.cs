using System.Text;
using Harness.Findings;
using static Harness.Reporting.Html.HtmlText;
using static Harness.Reporting.ReportText;

namespace Harness.Reporting.Html;

/// <summary>The findings grouped by rule, the most severe first, each with its evidence, reproduction and tenants in a details element.</summary>
internal sealed class FindingsSection() : HtmlSection("findings", "Findings", "Findings")
{
    /// <summary>A finding's summary line shows at most this many characters of its message (the details show all of it).</summary>
    private const int SummaryLength = 200;

    /// <summary>Finding details start open when a report has at most this many.</summary>
    private const int OpenDetailsUpTo = 20;

    public override void AppendBody(StringBuilder html, HtmlPage page)
    {
        var report = page.Report;
        if (page.Findings.Count == 0)
        {
            html.Append("<p class=\"note\">No findings: every check passed.</p>\n");
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
            html.Append(Inv($"<section class=\"rule\" id=\"rule-{g + 1}\" data-rule=\"{Escape(rule.Id)}\" data-severity=\"{severity}\" aria-labelledby=\"rule-{g + 1}-title\">\n"))
                .Append(Inv($"<h3 id=\"rule-{g + 1}-title\"><span class=\"sev c-{severity}\">{severity}</span> <code>{Escape(rule.Id)}</code> {Escape(rule.Title)} "))
                .Append(Inv($"<span class=\"count\">\u00b7 {Count(group.Items.Count, "finding")}</span>"))
                .Append(belowGate ? Inv($"<span class=\"tag\">below fail-on {Name(report.FailOn)}</span>") : "")
                .Append("</h3>\n")
                .Append(Inv($"<p class=\"remediation\"><strong>Remediation:</strong> {Escape(rule.Remediation)}</p>\n"))
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
                html.Append(Inv($"<p class=\"note\">{Count(hidden, "more finding")} of {Escape(rule.Id)} {(hidden == 1 ? "is" : "are")} in report.json.</p>\n"));
            }

            html.Append("</section>\n");
        }
    }

    private static void AppendFinding(StringBuilder html, Finding finding, int index, string open, Severity failOn)
    {
        var tenants = finding.Tenants;
        var severity = Name(finding.Severity);
        html.Append(Inv($"<li id=\"f-{index}\" data-rule=\"{Escape(finding.Rule.Id)}\" data-scenario=\"{Escape(finding.Scenario)}\""));
        if (tenants is not null)
        {
            html.Append(Inv($" data-attacker=\"{Escape(tenants.Attacker)}\" data-victim=\"{Escape(tenants.Victim)}\""));
        }

        html.Append(RunVerdict.Fails(finding.Severity, failOn) ? "" : " class=\"below-gate\"").Append(">\n")
            .Append(Inv($"<details{open}><summary><span class=\"sev c-{severity}\">{severity}</span> "))
            .Append(Inv($"<strong>{Escape(finding.Subject)}</strong>: {Escape(HtmlText.Shorten(finding.Message, SummaryLength))}</summary>\n"));
        if (HtmlText.Shorten(finding.Message, SummaryLength) != finding.Message)
        {
            // The summary showed only the start (or lost the line breaks): the whole message follows.
            html.Append(Inv($"<p class=\"message\">{Escape(finding.Message)}</p>\n"));
        }

        html.Append("<dl class=\"meta\">")
            .Append(Inv($"<dt>rule</dt><dd><code>{Escape(finding.Rule.Id)}</code> {Escape(finding.Rule.Title)}</dd>"))
            .Append(Inv($"<dt>scenario</dt><dd>{Escape(finding.Scenario)}</dd>"))
            .Append(Inv($"<dt>subject</dt><dd><code>{Escape(finding.Subject)}</code></dd>"));
        if (tenants is not null)
        {
            html.Append(Inv($"<dt>tenants</dt><dd>attacker <code>{Escape(tenants.Attacker)}</code> \u2192 victim <code>{Escape(tenants.Victim)}</code></dd>"));
        }

        html.Append("</dl>\n<h4>Evidence</h4>\n")
            .Append(Inv($"<pre class=\"evidence\">{Escape(finding.Evidence)}</pre>\n"));
        if (finding.Reproduction is not null)
        {
            var language = MarkdownReportWriter.ReproductionLanguage(finding.Reproduction);
            html.Append(Inv($"<h4>Reproduce ({language})</h4>\n"))
                .Append(Inv($"<pre class=\"reproduction\" data-lang=\"{language}\">{Escape(finding.Reproduction)}</pre>\n"));
        }

        html.Append("</details>\n</li>\n");
    }
}
