using System.Globalization;
using System.Text;
using System.Xml.Linq;
using Harness.Findings;
using Harness.Running;

namespace Harness.Reporting;

/// <summary>
/// One JUnit test case: a check, or all the checks of one step of a scenario that works in stages
/// (<see cref="CheckResult.Step"/>), named after the step and failing when any of them has a finding the baseline does not
/// accept.
/// </summary>
internal sealed class JUnitCase
{
    /// <summary>At most this many findings are listed in a step's failure message; its body has them by group.</summary>
    public const int MaxListedInMessage = 20;

    private readonly string className;
    private readonly string name;
    private readonly IReadOnlyList<CheckResult> checks;
    private readonly bool isStep;

    private JUnitCase(string className, string name, IReadOnlyList<CheckResult> checks, bool isStep, IReadOnlyList<Finding> failing, IReadOnlyList<string> skips)
    {
        this.className = className;
        this.name = name;
        this.checks = checks;
        this.isStep = isStep;
        Failing = failing;
        Skips = skips;
    }

    /// <summary>The findings that make the case fail (those the baseline does not accept).</summary>
    public IReadOnlyList<Finding> Failing { get; }

    public bool Fails => Failing.Count > 0;

    /// <summary>The <c>&lt;skipped&gt;</c> messages of the case (JUnit readers count each).</summary>
    public IReadOnlyList<string> Skips { get; }

    /// <summary>
    /// The cases of <paramref name="scenario"/> in the order of its checks: one per check without a step, and one per step at
    /// the place of the step's first check.
    /// </summary>
    public static IReadOnlyList<JUnitCase> Of(ScenarioResult scenario, BaselineResult baseline)
    {
        var steps = scenario.Checks.Where(c => c.Step is not null)
            .GroupBy(c => c.Step!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var cases = new List<JUnitCase>();
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var check in scenario.Checks)
        {
            if (check.Step is null)
            {
                cases.Add(ForCheck(scenario.ScenarioId, check, baseline));
            }
            else if (written.Add(check.Step))
            {
                cases.Add(ForStep(scenario.ScenarioId, check.Step, steps[check.Step], baseline));
            }
        }

        return cases;
    }

    public XElement ToXml(BaselineResult baseline)
    {
        var testCase = new XElement("testcase", new XAttribute("classname", className), new XAttribute("name", name));
        if (Fails)
        {
            testCase.Add(isStep ? StepFailure(Failing) : JUnitFailure.Of(Failing));
        }

        // Accepted by the baseline: the case passes and says so, with the reason (one line per group).
        foreach (var accepted in checks.SelectMany(c => c.Findings).Where(baseline.IsSuppressed).DistinctBy(f => f.Fingerprint))
        {
            var by = baseline.SuppressionOf(accepted)!;
            testCase.Add(new XElement("system-out", $"suppressed by the baseline ({by.Source}): {accepted.Rule.Id} {accepted.Subject}: {by.Reason}"));
        }

        foreach (var skip in Skips)
        {
            testCase.Add(new XElement("skipped", new XAttribute("message", skip)));
        }

        return testCase;
    }

    private static JUnitCase ForCheck(string scenarioId, CheckResult check, BaselineResult baseline)
    {
        var skips = new List<string>();
        if (check.NotCovered is { } notCovered)
        {
            skips.Add($"not covered: {notCovered}");
        }

        if (check.Skipped is { } skipped)
        {
            skips.Add($"skipped: {skipped}");
        }

        return new JUnitCase(
            $"{scenarioId}.{check.Rule.Id}", $"{check.Rule.Id} {check.Rule.Title}: {check.Subject}", [check], isStep: false,
            [.. check.Findings.Where(f => !baseline.IsSuppressed(f))], skips);
    }

    /// <summary>
    /// A step fails when a check of it has a finding; else it is skipped as not covered when a check could not judge (a step is
    /// never a pass then), or as skipped when the rule filter left out every check; else it passed.
    /// </summary>
    private static JUnitCase ForStep(string scenarioId, string step, IReadOnlyList<CheckResult> checks, BaselineResult baseline)
    {
        var failing = checks.SelectMany(c => c.Findings).Where(f => !baseline.IsSuppressed(f)).ToList();
        var skips = new List<string>();
        if (failing.Count == 0 && checks.Where(c => !c.Covered).ToList() is { Count: > 0 } notCovered)
        {
            skips.Add("not covered: " + string.Join("; ", notCovered.Select(c => $"{c.Rule.Id} {c.Subject}: {c.NotCovered}")));
        }
        else if (failing.Count == 0 && checks.All(c => c.Skipped is not null))
        {
            skips.Add($"skipped: {checks[0].Skipped}");
        }

        return new JUnitCase(scenarioId, step, checks, isStep: true, failing, skips);
    }

    /// <summary>The failure of a step: its message lists each finding (rule, subject, message), its body the groups with examples.</summary>
    private static XElement StepFailure(IReadOnlyList<Finding> findings)
    {
        var failure = JUnitFailure.Of(findings);
        var message = new StringBuilder();
        message.Append(CultureInfo.InvariantCulture, $"{findings.Count} finding{(findings.Count == 1 ? "" : "s")}: ");
        message.AppendJoin("; ", findings.Take(MaxListedInMessage).Select(f => $"{f.Rule.Id} {f.Subject}: {f.Message}"));
        if (findings.Count > MaxListedInMessage)
        {
            message.Append(CultureInfo.InvariantCulture, $"; and {findings.Count - MaxListedInMessage} more");
        }

        failure.SetAttributeValue("message", message.ToString());
        return failure;
    }
}
