using System.Text;
using static Harness.Reporting.ReportText;

namespace Harness.Reporting;

/// <summary>
/// The Markdown summary's list of steps for each scenario that works in stages (<see cref="StepTimeline"/>): one line per
/// step, in the order the steps ran, with what its checks came to and, when it failed, its findings counted by rule.
/// </summary>
internal static class MarkdownSteps
{
    public static void Append(StringBuilder md, RunReport report)
    {
        foreach (var timeline in StepTimeline.Of(report))
        {
            md.Append(Inv($"### Steps of {MarkdownReportWriter.Cell(timeline.ScenarioId)}\n\n"));
            foreach (var step in timeline.Steps)
            {
                md.Append(Inv($"- `{step.Replace('`', '\'')}`: {Summary(timeline, step)}\n"));
            }

            md.Append('\n');
        }
    }

    private static string Summary(StepTimeline timeline, string step)
    {
        var total = timeline.Total(step);
        var checks = Count(total.Checks.Count, "check");
        switch (total.State)
        {
            case StepCellState.Passed:
                return $"passed ({checks})";
            case StepCellState.NotCovered:
                var rules = string.Join(", ", total.Checks.Where(c => !c.Covered).Select(c => c.Rule.Id).Distinct(StringComparer.Ordinal));
                return $"not covered ({MarkdownReportWriter.Cell(rules)} could not judge; {checks})";
            case StepCellState.Skipped:
                return $"skipped ({checks})";
            default:
                var byRule = total.Findings.GroupBy(f => f.Rule.Id, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                    .Select(g => Inv($"{g.Key} \u00d7{g.Count()}"));
                return $"**{Count(total.Findings.Count, "finding")}** ({MarkdownReportWriter.Cell(string.Join(", ", byRule))}; {checks})";
        }
    }
}
