using System.Text;
using static Harness.Reporting.ReportText;

namespace Harness.Reporting;

/// <summary>
/// The Markdown summary's section on the run's baseline: the findings it suppressed with their reasons, and its expired and
/// unused entries as warnings. Nothing without a baseline.
/// </summary>
internal static class MarkdownBaseline
{
    public static void Append(StringBuilder md, RunReport report)
    {
        if (report.Baseline is not { } baseline)
        {
            return;
        }

        var result = report.Suppressions;
        md.Append("### Suppressed by the baseline\n\n")
            .Append(Inv($"{Count(result.Suppressed.Count, "finding")} suppressed by `{baseline.Source}`: listed here, left out of the verdict.\n\n"));
        if (result.Suppressed.Count > 0)
        {
            md.Append("| severity | rule | subject | reason | expires |\n| --- | --- | --- | --- | --- |\n");
            foreach (var (finding, by) in result.Suppressed)
            {
                md.Append(Inv($"| {Name(finding.Severity)} | {finding.Rule.Id} | {MarkdownReportWriter.Cell(finding.Subject)} | "))
                    .Append(Inv($"{MarkdownReportWriter.Cell(by.Reason)} | {by.ExpiresText ?? "never"} |\n"));
            }

            md.Append('\n');
        }

        foreach (var warning in result.Warnings())
        {
            md.Append("- warning: ").Append(MarkdownReportWriter.Cell(warning)).Append('\n');
        }

        if (result.Expired.Count + result.Unused.Count > 0)
        {
            md.Append('\n');
        }
    }
}
