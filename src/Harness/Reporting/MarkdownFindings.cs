using System.Text;
using Harness.Findings;
using static Harness.Reporting.MarkdownReportWriter;
using static Harness.Reporting.ReportText;

namespace Harness.Reporting;

/// <summary>
/// The Markdown summary's findings: one table row and one collapsed section per <see cref="FindingGroup"/> (a rule about a
/// subject) with its count, its tenant pairs and up to <see cref="FindingGroup.MaxExamples"/> examples.
/// </summary>
internal static class MarkdownFindings
{
    public static void Append(StringBuilder md, IReadOnlyList<Finding> gate, string failOn)
    {
        var groups = FindingGroup.Of(gate);
        var shown = groups.Take(MaxFindingRows).ToList();
        md.Append(Inv($"### Findings at or above {failOn}\n\n"));
        md.Append(Inv($"{Count(gate.Count, "finding")} in {Count(groups.Count, "group")} (one rule about one subject each).\n\n"));
        md.Append("| severity | rule | subject | findings | tenant pairs | example |\n");
        md.Append("| --- | --- | --- | ---: | --- | --- |\n");
        foreach (var group in shown)
        {
            md.Append(Inv($"| {Name(group.Severity)} | {Cell(group.Rule.Id)} | {Cell(group.Subject)} | {group.Count} | {Cell(group.PairsText)} | "))
                .Append(Inv($"{Cell(group.Findings[0].Message)} |\n"));
        }

        md.Append('\n');
        if (groups.Count > shown.Count)
        {
            var left = groups.Skip(shown.Count).ToList();
            md.Append(Inv($"{Count(left.Count, "more group")} ({Count(left.Sum(g => g.Count), "finding")}) in report.json.\n\n"));
        }

        foreach (var group in shown)
        {
            AppendDetails(md, group);
        }
    }

    private static void AppendDetails(StringBuilder md, FindingGroup group)
    {
        md.Append("<details>\n<summary>")
            .Append(MarkdownReportWriter.Html(Inv($"{Name(group.Severity)} {group.Rule.Id} {group.Subject}: {group.Rule.Title}{(group.Count == 1 ? "" : $" ({group.Count} findings)")}")))
            .Append("</summary>\n\n");
        if (group.Pairs.Count > 0)
        {
            md.Append(Inv($"Tenants (attacker → victim): {Cell(group.PairsText)}\n\n"));
        }

        var examples = group.Examples;
        for (var i = 0; i < examples.Count; i++)
        {
            var example = examples[i];
            md.Append(group.Count == 1 ? "" : Inv($"**Example {i + 1} of {group.Count}**\n\n"));
            md.Append(Inv($"Message: {Cell(example.Message)}\n\n"));
            md.Append("Evidence:\n\n");
            AppendCode(md, "text", example.Evidence);
            if (example.Reproduction is not null)
            {
                md.Append("Reproduce:\n\n");
                AppendCode(md, ReproductionLanguage(example.Reproduction), example.Reproduction);
            }
        }

        md.Append(Inv($"Remediation: {Cell(group.Rule.Remediation)}\n\n"));
        md.Append("</details>\n\n");
    }
}
