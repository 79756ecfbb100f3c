using Harness.Findings;
using Harness.Running;

namespace Harness.Reporting;

/// <summary>What the checks of one rule in one step of a <see cref="StepTimeline"/> came to.</summary>
public enum StepCellState
{
    /// <summary>Every check judged its subject and found nothing.</summary>
    Passed,

    /// <summary>A check found something the baseline does not accept.</summary>
    Findings,

    /// <summary>No finding, but a check could not judge its subject: not a pass.</summary>
    NotCovered,

    /// <summary>Every check was left out by the rule filter.</summary>
    Skipped,

    /// <summary>The step has no check of the rule.</summary>
    NotRun,
}

/// <summary>One cell of a <see cref="StepTimeline"/>: its state, the findings that count (none unless <see cref="StepCellState.Findings"/>), and the checks behind it.</summary>
public sealed record StepCell(StepCellState State, IReadOnlyList<Finding> Findings, IReadOnlyList<CheckResult> Checks);

/// <summary>
/// The checks of a scenario that works in stages (<see cref="CheckResult.Step"/>, e.g. one migration after another) as a
/// grid: the steps in the order they first appear, by the rules that occur, each cell what that rule's checks of that step
/// came to. Checks without a step are not in it. The HTML timeline, the Markdown step list and JUnit's one case per step
/// read it.
/// </summary>
public sealed class StepTimeline
{
    private readonly Dictionary<(string Step, string Rule), List<CheckResult>> checks;
    private readonly BaselineResult baseline;

    private StepTimeline(string scenarioId, IReadOnlyList<string> steps, IReadOnlyList<Rule> rules,
        Dictionary<(string, string), List<CheckResult>> checks, BaselineResult baseline)
    {
        ScenarioId = scenarioId;
        Steps = steps;
        Rules = rules;
        this.checks = checks;
        this.baseline = baseline;
    }

    public string ScenarioId { get; }

    /// <summary>The steps, in the order their first check appears.</summary>
    public IReadOnlyList<string> Steps { get; }

    /// <summary>The rules of the stepped checks, by id.</summary>
    public IReadOnlyList<Rule> Rules { get; }

    /// <summary>The timelines of the report's scenarios that have stepped checks, in report order.</summary>
    public static IReadOnlyList<StepTimeline> Of(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var baseline = report.Suppressions;
        return [.. report.Scenarios.Select(s => For(s, baseline)).OfType<StepTimeline>()];
    }

    /// <summary>The timeline of <paramref name="scenario"/>, or null when none of its checks has a step.</summary>
    /// <param name="baseline">What the run's baseline accepts: accepted findings do not make a cell fail.</param>
    public static StepTimeline? For(ScenarioResult scenario, BaselineResult baseline)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(baseline);
        var stepped = scenario.Checks.Where(c => c.Step is not null).ToList();
        if (stepped.Count == 0)
        {
            return null;
        }

        var steps = stepped.Select(c => c.Step!).Distinct(StringComparer.Ordinal).ToList();
        var rules = stepped.Select(c => c.Rule).DistinctBy(r => r.Id).OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
        var byCell = new Dictionary<(string, string), List<CheckResult>>();
        foreach (var check in stepped)
        {
            var key = (check.Step!, check.Rule.Id);
            if (!byCell.TryGetValue(key, out var list))
            {
                byCell[key] = list = [];
            }

            list.Add(check);
        }

        return new StepTimeline(scenario.ScenarioId, steps, rules, byCell, baseline);
    }

    /// <summary>The checks of <paramref name="step"/>, in report order.</summary>
    public IReadOnlyList<CheckResult> ChecksOf(string step) =>
        [.. Rules.SelectMany(r => checks.GetValueOrDefault((step, r.Id)) ?? [])];

    /// <summary>What the checks of <paramref name="ruleId"/> in <paramref name="step"/> came to.</summary>
    public StepCell Cell(string step, string ruleId)
    {
        if (!checks.TryGetValue((step, ruleId), out var cell))
        {
            return new StepCell(StepCellState.NotRun, [], []);
        }

        return Judge(cell);
    }

    /// <summary>What all the checks of <paramref name="step"/> came to, the way one cell does.</summary>
    public StepCell Total(string step) => Judge(ChecksOf(step));

    private StepCell Judge(IReadOnlyList<CheckResult> cell)
    {
        var findings = cell.SelectMany(c => c.Findings).Where(f => !baseline.IsSuppressed(f)).ToList();
        var state = findings.Count > 0 ? StepCellState.Findings
            : cell.Any(c => !c.Covered) ? StepCellState.NotCovered
            : cell.All(c => c.Skipped is not null) ? StepCellState.Skipped
            : StepCellState.Passed;
        return new StepCell(state, findings, cell);
    }
}
