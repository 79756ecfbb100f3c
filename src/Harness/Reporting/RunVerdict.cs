using System.Globalization;
using Harness.Findings;
using static Harness.Reporting.ReportText;

namespace Harness.Reporting;

/// <summary>
/// The gate's verdict on a run, decided here and nowhere else: <see cref="RunOutcome.Incomplete"/> (exit 2) when a scenario
/// could not run to its end or no check ran, else <see cref="RunOutcome.Fail"/> (exit 1) when a finding reaches
/// <see cref="RunReport.FailOn"/> (findings the run's baseline suppresses never do), else <see cref="RunOutcome.Pass"/> (exit 0). The console, every report format and the
/// xunit gate state this verdict.
/// </summary>
public sealed class RunVerdict
{
    private RunVerdict(RunOutcome outcome, IReadOnlyList<Finding> gateFindings, IReadOnlyList<IncompleteReason> reasons, int checks, int probes, string headline)
    {
        Outcome = outcome;
        GateFindings = gateFindings;
        Reasons = reasons;
        Checks = checks;
        Probes = probes;
        Headline = headline;
    }

    public RunOutcome Outcome { get; }

    /// <summary>The process's exit code: 0 pass, 1 findings, 2 incomplete.</summary>
    public int ExitCode => (int)Outcome;

    /// <summary>PASS, FAIL or INCOMPLETE, as every report's title says it.</summary>
    public string Word => Outcome switch
    {
        RunOutcome.Pass => "PASS",
        RunOutcome.Fail => "FAIL",
        _ => "INCOMPLETE",
    };

    /// <summary>The findings at or above the threshold, the most severe first, then by rule id (report order within a rule).</summary>
    public IReadOnlyList<Finding> GateFindings { get; }

    /// <summary>Why the run is incomplete, in report order: one per scenario that could not run to its end, or that no check ran.</summary>
    public IReadOnlyList<IncompleteReason> Reasons { get; }

    /// <summary>How many checks ran, in every scenario (not those a rule filter skipped).</summary>
    public int Checks { get; }

    /// <summary>How many probes those checks ran.</summary>
    public int Probes { get; }

    /// <summary>The verdict on one line of plain text, e.g. <c>PASS: 73 checks, no finding at or above low (2.9s)</c>.</summary>
    public string Headline { get; }

    /// <summary>Whether a finding of <paramref name="severity"/> fails the gate of threshold <paramref name="failOn"/>.</summary>
    public static bool Fails(Severity severity, Severity failOn) => severity >= failOn;

    public static RunVerdict Of(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var gate = report.Findings
            .Where(f => Fails(f.Severity, report.FailOn))
            .OrderByDescending(f => f.Severity)
            .ThenBy(f => f.Rule.Id, StringComparer.Ordinal)
            .ToList();
        var checks = report.Scenarios.Sum(s => s.Judged.Count());
        var skipped = report.Scenarios.Sum(s => s.Skipped.Count());
        var probes = report.Scenarios.Sum(s => s.Probes);
        var errors = report.Errors.ToList();
        var coveredNothing = report.Scenarios
            .Where(s => s.Error is null && s.Judged.Any() && s.Judged.All(c => !c.Covered))
            .Select(s => IncompleteReason.CoveredNothing(s.ScenarioId, s.Judged.Count()))
            .ToList();
        List<IncompleteReason> reasons = errors.Count > 0
            ? [.. errors.Select(s => IncompleteReason.CouldNotRunToEnd(s.ScenarioId, s.Error!)), .. coveredNothing]
            : checks == 0 ? [skipped > 0 ? IncompleteReason.AllSkipped(skipped) : IncompleteReason.NoCheckRan(report.Scenarios.Count)] : coveredNothing;
        var outcome = reasons.Count > 0 ? RunOutcome.Incomplete : gate.Count > 0 ? RunOutcome.Fail : RunOutcome.Pass;

        var threshold = ReportText.Name(report.FailOn);
        var seconds = report.Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
        // Suppressed findings never reach the gate; the headline says how many there are so a pass is not read as clean.
        var suppressed = report.Baseline is null ? "" : Inv($", {report.Suppressed.Count} suppressed by the baseline");
        var headline = outcome switch
        {
            RunOutcome.Incomplete when errors.Count > 0 => Inv(
                $"INCOMPLETE: {string.Join(", ", errors.Select(s => s.ScenarioId))} could not run to the end; {gate.Count} finding(s) at or above {threshold} in the {checks} checks that ran ({seconds}s)"),
            RunOutcome.Incomplete when checks == 0 && skipped > 0 => Inv($"INCOMPLETE: the rule filter left none of the {skipped} check(s) to judge ({seconds}s)"),
            RunOutcome.Incomplete when checks == 0 => Inv($"INCOMPLETE: no check ran in {report.Scenarios.Count} scenario(s) ({seconds}s)"),
            RunOutcome.Incomplete => Inv(
                $"INCOMPLETE: {string.Join(", ", reasons.Select(r => r.ScenarioId))} covered nothing; {gate.Count} finding(s) at or above {threshold} in {checks} checks ({seconds}s)"),
            RunOutcome.Fail => Inv($"FAIL: {gate.Count} finding(s) at or above {threshold} in {checks} checks{suppressed} ({seconds}s)"),
            _ => Inv($"PASS: {checks} checks, no finding at or above {threshold}{suppressed} ({seconds}s)"),
        };
        return new RunVerdict(outcome, gate, reasons, checks, probes, headline);
    }
}
