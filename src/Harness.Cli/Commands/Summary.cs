using System.Globalization;
using Harness.Reporting;

namespace Harness.Cli.Commands;

/// <summary>The closing lines of a run: findings at or above the threshold, where the reports are, and the verdict.</summary>
internal static class Summary
{
    /// <summary>Findings printed on the console; the rest are in the reports.</summary>
    public const int MaxPrinted = 40;

    public static void Print(RunReport report, string? folder, TextWriter output)
    {
        var gateFindings = report.GateFindings.OrderByDescending(f => f.Severity).ThenBy(f => f.Rule.Id, StringComparer.Ordinal).ToList();
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

        foreach (var scenario in report.Errors)
        {
            output.WriteLine($"  ERROR    {scenario.ScenarioId} could not run to its end: {scenario.Error}");
        }

        var checks = report.Scenarios.Sum(s => s.Checks.Count);
        var gate = report.GateFindings.Count();
        var threshold = report.FailOn.ToString().ToLowerInvariant();
        var seconds = report.Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
        var incomplete = report.Errors.Select(s => s.ScenarioId).ToList();
        output.WriteLine(incomplete.Count > 0
            ? $"result: INCOMPLETE: {string.Join(", ", incomplete)} could not run to the end; {gate} finding(s) at or above {threshold} in the {checks} checks that ran ({seconds}s)"
            : gate == 0
                ? $"result: PASS: {checks} checks, no finding at or above {threshold} ({seconds}s)"
                : $"result: FAIL: {gate} finding(s) at or above {threshold} in {checks} checks ({seconds}s)");
    }
}
