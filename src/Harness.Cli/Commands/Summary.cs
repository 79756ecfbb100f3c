using Harness.Findings;
using Harness.Reporting;

namespace Harness.Cli.Commands;

/// <summary>The closing lines of a run: findings at or above the threshold, one line per rule and subject, where the reports are, and the verdict.</summary>
internal static class Summary
{
    /// <summary>Finding groups (a rule about a subject, with its count) printed on the console; the rest are in the reports.</summary>
    public const int MaxPrinted = 40;

    /// <summary>Prints the closing lines and returns the verdict they state, whose exit code the command returns.</summary>
    public static RunVerdict Print(RunReport report, string? folder, TextWriter output)
    {
        var verdict = RunVerdict.Of(report);
        var groups = FindingGroup.Of(verdict.GateFindings);
        foreach (var group in groups.Take(MaxPrinted))
        {
            // "subject: message" stays together (what people grep for); the count and the tenant pairs follow.
            var pairs = group.Pairs.Count == 0 ? "" : $", {group.PairsText}";
            var more = group.Count == 1 && group.Pairs.Count == 0 ? "" : $" [x{group.Count}{pairs}]";
            output.WriteLine($"  {group.Severity.ToString().ToUpperInvariant(),-8} {group.Rule.Id} {group.Subject}: {group.Findings[0].Message}{more}");
        }

        if (groups.Count > MaxPrinted)
        {
            var rest = groups.Skip(MaxPrinted).ToList();
            output.WriteLine($"  ... and {rest.Count} more groups, {rest.Sum(g => g.Count)} findings (by rule: {string.Join(", ", rest.GroupBy(g => g.Rule.Id).Select(g => $"{g.Key} x{g.Sum(x => x.Count)}"))}); all are in the reports");
        }

        if (folder is not null)
        {
            output.WriteLine($"reports: {folder} ({string.Join(", ", Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal))})");
        }

        var notCovered = report.Scenarios.Sum(s => s.NotCovered.Count());
        if (notCovered > 0)
        {
            output.WriteLine($"not covered: {notCovered} check(s) could not judge their subject (listed in the reports)");
        }

        if (report.Baseline is not null)
        {
            var baseline = report.Suppressions;
            output.WriteLine($"baseline: {baseline.Suppressed.Count} finding(s) suppressed by {report.Baseline.Source} (listed in the reports, not counted)");
            foreach (var warning in baseline.Warnings())
            {
                output.WriteLine($"  warning: {warning}");
            }
        }

        foreach (var reason in verdict.Reasons)
        {
            output.WriteLine($"  ERROR    {reason}");
        }

        output.WriteLine($"result: {verdict.Headline}");
        return verdict;
    }
}
