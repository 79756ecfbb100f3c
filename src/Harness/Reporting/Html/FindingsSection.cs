using System.Text;
using Harness.Findings;
using static Harness.Reporting.Html.HtmlText;
using static Harness.Reporting.ReportText;

namespace Harness.Reporting.Html;

/// <summary>
/// The findings by rule, the most severe first; under each rule one entry per subject (<see cref="FindingGroup"/>) with
/// its count, tenant pairs and up to <see cref="FindingGroup.MaxExamples"/> examples, each with its whole message,
/// evidence (a long one in a collapsible block) and reproduction.
/// </summary>
internal sealed class FindingsSection() : HtmlSection("findings", "Findings", "Findings")
{
    /// <summary>Group details start open when a report has at most this many groups.</summary>
    private const int OpenDetailsUpTo = 20;

    /// <summary>Evidence longer than this many lines (or 40 times as many characters) is folded into its own details element.</summary>
    private const int LongEvidenceLines = 30;

    /// <summary>A group names at most this many of its tenant pairs; the count says how many there are.</summary>
    private const int PairsListed = 60;

    public override void AppendBody(StringBuilder html, HtmlPage page)
    {
        var report = page.Report;
        if (page.Findings.Count == 0)
        {
            html.Append("<p class=\"note\">No findings: every check passed.</p>\n");
            return;
        }

        html.Append(Inv($"<p>{Count(page.Findings.Count, "finding")} in {Count(page.FindingGroups.Count, "group")} (one rule about one subject each) "))
            .Append(Inv($"under {Count(page.Groups.Count, "rule")}, the most severe first; the gate fails on {Name(report.FailOn)} and above.</p>\n"));
        if (page.FindingGroups.Count > page.Rendered.Count)
        {
            html.Append(Inv($"<p class=\"note\">Details are shown for the first {page.Rendered.Count} groups; "))
                .Append(Inv($"{page.FindingGroups.Count - page.Rendered.Count} more are counted per rule and are in report.json.</p>\n"));
        }

        var open = page.Rendered.Count <= OpenDetailsUpTo ? " open" : "";
        for (var g = 0; g < page.Groups.Count; g++)
        {
            var rule = page.Groups[g].Rule;
            var items = page.Groups[g].Items;
            var severity = Name(page.Groups[g].Severity);
            var belowGate = !RunVerdict.Fails(page.Groups[g].Severity, report.FailOn);
            var count = items.Sum(i => page.FindingGroups[i].Count);
            html.Append(Inv($"<section class=\"rule\" id=\"rule-{g + 1}\" data-rule=\"{Escape(rule.Id)}\" data-severity=\"{severity}\" aria-labelledby=\"rule-{g + 1}-title\">\n"))
                .Append(Inv($"<h3 id=\"rule-{g + 1}-title\"><span class=\"sev c-{severity}\">{severity}</span> <code>{Escape(rule.Id)}</code> {Escape(rule.Title)} "))
                .Append(Inv($"<span class=\"count\">\u00b7 {Count(count, "finding")} on {Count(items.Count, "subject")}</span>"))
                .Append(belowGate ? Inv($"<span class=\"tag\">below fail-on {Name(report.FailOn)}</span>") : "")
                .Append("</h3>\n")
                .Append(Inv($"<p class=\"remediation\"><strong>Remediation:</strong> {Escape(rule.Remediation)}</p>\n"))
                .Append("<ol class=\"findings\">\n");
            var hidden = items.Where(i => !page.Rendered.Contains(i)).ToList();
            foreach (var index in items.Where(page.Rendered.Contains))
            {
                AppendGroup(html, page.FindingGroups[index], index, open, report.FailOn);
            }

            html.Append("</ol>\n");
            if (hidden.Count > 0)
            {
                html.Append(Inv($"<p class=\"note\">{Count(hidden.Count, "more subject")} of {Escape(rule.Id)} "))
                    .Append(Inv($"({Count(hidden.Sum(i => page.FindingGroups[i].Count), "finding")}) {(hidden.Count == 1 ? "is" : "are")} in report.json.</p>\n"));
            }

            html.Append("</section>\n");
        }
    }

    private static void AppendGroup(StringBuilder html, FindingGroup group, int index, string open, Severity failOn)
    {
        var severity = Name(group.Severity);
        var first = group.Findings[0];
        html.Append(Inv($"<li id=\"g-{index}\" data-rule=\"{Escape(group.Rule.Id)}\" data-scenario=\"{Escape(group.Scenario)}\" "))
            .Append(Inv($"data-fingerprint=\"{group.Fingerprint}\" data-count=\"{group.Count}\""))
            .Append(RunVerdict.Fails(group.Severity, failOn) ? "" : " class=\"below-gate\"").Append(">\n")
            .Append(Inv($"<details{open}><summary><span class=\"sev c-{severity}\">{severity}</span> <strong>{Escape(group.Subject)}</strong>"))
            .Append(group.Count == 1 ? "" : Inv($" <span class=\"count\">\u00d7{group.Count}</span>"))
            .Append(Inv($": {Escape(first.Message)}</summary>\n"));

        html.Append("<dl class=\"meta\">")
            .Append(Inv($"<dt>rule</dt><dd><code>{Escape(group.Rule.Id)}</code> {Escape(group.Rule.Title)}</dd>"))
            .Append(Inv($"<dt>scenario</dt><dd>{Escape(group.Scenario)}</dd>"))
            .Append(Inv($"<dt>subject</dt><dd><code>{Escape(group.Subject)}</code></dd>"))
            .Append(Inv($"<dt>findings</dt><dd>{group.Count}</dd>"))
            .Append(Inv($"<dt>fingerprint</dt><dd><code>{group.Fingerprint}</code></dd>"));
        if (group.Pairs.Count > 0)
        {
            var pairs = string.Join(", ", group.Pairs.Take(PairsListed).Select(p => $"{p.Attacker} \u2192 {p.Victim}"));
            html.Append(Inv($"<dt>tenants</dt><dd>{Count(group.Pairs.Count, "pair")} (attacker \u2192 victim): <code>{Escape(pairs)}</code>"))
                .Append(group.Pairs.Count > PairsListed ? Inv($", \u2026 ({group.Pairs.Count - PairsListed} more in report.json)") : "")
                .Append("</dd>");
        }

        html.Append("</dl>\n");
        var examples = group.Examples;
        for (var i = 0; i < examples.Count; i++)
        {
            AppendExample(html, examples[i], group.Count == 1 ? null : Inv($"Example {i + 1} of {group.Count}"));
        }

        html.Append("</details>\n</li>\n");
    }

    private static void AppendExample(StringBuilder html, Finding finding, string? heading)
    {
        if (heading is not null)
        {
            html.Append(Inv($"<h4 class=\"example\">{heading}</h4>\n"))
                .Append(Inv($"<p class=\"message\">{Escape(finding.Message)}</p>\n"));
            if (finding.Tenants is { } tenants)
            {
                html.Append(Inv($"<p class=\"tenants\">attacker <code>{Escape(tenants.Attacker)}</code> \u2192 victim <code>{Escape(tenants.Victim)}</code></p>\n"));
            }
        }

        var lines = finding.Evidence.ReplaceLineEndings("\n").Split('\n').Length;
        if (lines > LongEvidenceLines || finding.Evidence.Length > LongEvidenceLines * 40)
        {
            html.Append(Inv($"<details class=\"long-evidence\"><summary>Evidence ({Count(lines, "line")}, {Count(finding.Evidence.Length, "character")})</summary>\n"))
                .Append(Inv($"<pre class=\"evidence\">{Escape(finding.Evidence)}</pre>\n</details>\n"));
        }
        else
        {
            html.Append("<h4>Evidence</h4>\n").Append(Inv($"<pre class=\"evidence\">{Escape(finding.Evidence)}</pre>\n"));
        }

        if (finding.Reproduction is not null)
        {
            var language = MarkdownReportWriter.ReproductionLanguage(finding.Reproduction);
            html.Append(Inv($"<h4>Reproduce ({language})</h4>\n"))
                .Append(Inv($"<pre class=\"reproduction\" data-lang=\"{language}\">{Escape(finding.Reproduction)}</pre>\n"));
        }
    }
}
