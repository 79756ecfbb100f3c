using Harness.Reporting;

namespace Harness.Cli.Commands;

/// <summary>The closing lines of a run: findings at or above the threshold, where the reports are, and the verdict.</summary>
internal static class Summary
{
    /// <summary>Findings printed on the console; the rest are in the reports.</summary>
    public const int MaxPrinted = 40;

    /// <summary>Prints the closing lines and returns the verdict they state, whose exit code the command returns.</summary>
    public static RunVerdict Print(RunReport report, string? folder, TextWriter output)
    {
        var verdict = RunVerdict.Of(report);
        var gateFindings = verdict.GateFindings;
        foreach (var finding in gateFindings.Take(MaxPrinted))
        {
            output.WriteLine($"  {finding.Severity.ToString().ToUpperInvariant(),-8} {finding.Rule.Id} {finding.Subject}: {finding.Message}");
        }

        if (gateFindings.Count > MaxPrinted)
        {
            output.WriteLine($"  ... and {gateFindings.Count - MaxPrinted} more (by rule: {string.Join(", ", gateFindings.Skip(MaxPrinted).GroupBy(f => f.Rule.Id).Select(g => $"{g.Key} x{g.Count()}"))}); all are in the reports");
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
