using System.Text;
using static Harness.Reporting.Html.HtmlText;
using static Harness.Reporting.ReportText;

namespace Harness.Reporting.Html;

/// <summary>
/// For each scenario that works in stages (<see cref="Running.CheckResult.Step"/>, e.g. one migration after another), a
/// table of its steps (rows, in the order they ran) by the rules that occur (columns): each cell passed, the number of
/// findings (titled with them and linked to the first one's entry), not covered, skipped or not run. Shown only when a
/// scenario has steps.
/// </summary>
internal sealed class TimelineSection() : HtmlSection("timeline", "Timeline", "Timeline by step")
{
    /// <summary>At most this many findings are named in a cell's title; the rest are counted.</summary>
    public const int FindingsInTitle = 5;

    public override bool Shows(HtmlPage page) => page.Report.Scenarios.Any(s => s.Checks.Any(c => c.Step is not null));

    public override void AppendBody(StringBuilder html, HtmlPage page)
    {
        var groupOf = page.FindingGroups.Select((group, index) => (group.Fingerprint, index))
            .ToDictionary(p => p.Fingerprint, p => p.index, StringComparer.Ordinal);
        html.Append("<p>Each row is a step, in the order it ran; each column a rule. A cell says what that rule's checks of that ")
            .Append("step came to: passed, the number of findings, not covered (a check could not judge: not a pass), skipped ")
            .Append("(left out by the rule filter) or not run (no check of the rule at that step).</p>\n");
        foreach (var (timeline, t) in StepTimeline.Of(page.Report).Select((timeline, t) => (timeline, t + 1)))
        {
            html.Append(Inv($"<div class=\"table-wrap\">\n<table class=\"data timeline\" id=\"timeline-{t}\" data-scenario=\"{Escape(timeline.ScenarioId)}\">\n"))
                .Append(Inv($"<caption>{Escape(timeline.ScenarioId)}: {Count(timeline.Steps.Count, "step")} by {Count(timeline.Rules.Count, "rule")}</caption>\n"))
                .Append("<thead><tr><th scope=\"col\">step</th>");
            foreach (var rule in timeline.Rules)
            {
                html.Append(Inv($"<th scope=\"col\" title=\"{Escape(rule.Title)}\"><code>{Escape(rule.Id)}</code></th>"));
            }

            html.Append("</tr></thead>\n<tbody>\n");
            foreach (var step in timeline.Steps)
            {
                html.Append(Inv($"<tr data-step=\"{Escape(step)}\"><th scope=\"row\"><code>{Escape(step)}</code></th>"));
                foreach (var rule in timeline.Rules)
                {
                    AppendCell(html, page, groupOf, step, rule.Id, timeline.Cell(step, rule.Id));
                }

                html.Append("</tr>\n");
            }

            html.Append("</tbody>\n</table>\n</div>\n");
        }
    }

    private static void AppendCell(StringBuilder html, HtmlPage page, Dictionary<string, int> groupOf, string step, string ruleId, StepCell cell)
    {
        var rule = Inv($" data-step=\"{Escape(step)}\" data-rule=\"{Escape(ruleId)}\"");
        switch (cell.State)
        {
            case StepCellState.Passed:
                html.Append(Inv($"<td class=\"t-pass\" data-state=\"passed\"{rule}>passed</td>"));
                return;
            case StepCellState.NotCovered:
                var why = string.Join("; ", cell.Checks.Where(c => !c.Covered).Select(c => $"{c.Subject}: {c.NotCovered}"));
                html.Append(Inv($"<td class=\"t-muted\" data-state=\"not-covered\"{rule} title=\"{Escape(Shorten(why, 400))}\">not covered</td>"));
                return;
            case StepCellState.Skipped:
                html.Append(Inv($"<td class=\"t-muted\" data-state=\"skipped\"{rule} title=\"{Escape(cell.Checks[0].Skipped!)}\">skipped</td>"));
                return;
            case StepCellState.NotRun:
                html.Append(Inv($"<td class=\"t-muted\" data-state=\"not-run\"{rule}>not run</td>"));
                return;
        }

        var worst = Name(cell.Findings.Max(f => f.Severity));
        var named = cell.Findings.Take(FindingsInTitle).Select(f => $"{f.Subject}: {f.Message}");
        var title = string.Join("\n", named) + (cell.Findings.Count > FindingsInTitle ? Inv($"\n\u2026 and {cell.Findings.Count - FindingsInTitle} more") : "");
        var text = Count(cell.Findings.Count, "finding");
        html.Append(Inv($"<td class=\"t-findings c-{worst}\" data-state=\"findings\"{rule} data-findings=\"{cell.Findings.Count}\" title=\"{Escape(title)}\">"));
        var target = cell.Findings.Select(f => groupOf[f.Fingerprint]).Where(page.Rendered.Contains).OrderBy(g => page.DisplayRank[g]).Cast<int?>().FirstOrDefault();
        html.Append(target is { } first ? Inv($"<a href=\"#g-{first}\">{text}</a>") : text).Append("</td>");
    }
}
