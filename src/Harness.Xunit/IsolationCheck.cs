using System.Text;
using Harness.Findings;
using Harness.Reporting;
using Harness.Running;
using Xunit;

namespace Harness.Xunit;

/// <summary>
/// One check of a gate's run as a theory argument: a rule applied to one subject (a table, a policy group, an endpoint),
/// with its findings. <see cref="ShouldPass"/> is the assertion; its failure text carries every finding's message,
/// evidence and reproduction.
/// </summary>
public sealed class IsolationCheck
{
    /// <summary>How many findings the failure text spells out; the rest are counted.</summary>
    public const int MaxDescribed = 5;

    private readonly Exception? gateFailure;
    private readonly BaselineResult baseline = BaselineResult.None;

    internal IsolationCheck(string gate, string scenario, CheckResult result, Severity failOn, BaselineResult? baseline = null)
    {
        this.baseline = baseline ?? BaselineResult.None;
        Gate = gate;
        Scenario = scenario;
        Result = result;
        FailOn = failOn;
        DisplayName = $"{scenario} {result.Rule.Id} {result.Subject}";
    }

    private IsolationCheck(string gate, string scenario, string displayName, Exception gateFailure)
    {
        Gate = gate;
        Scenario = scenario;
        FailOn = Severity.Info;
        DisplayName = displayName;
        this.gateFailure = gateFailure;
    }

    /// <summary>The gate's name (its type name by default).</summary>
    public string Gate { get; }

    /// <summary>The scenario family: audit, rls, idor.</summary>
    public string Scenario { get; }

    /// <summary>The check as the run reported it; null only for the stand-in case of a gate that did not run.</summary>
    public CheckResult? Result { get; }

    /// <summary>Findings at or above this severity fail the check.</summary>
    public Severity FailOn { get; }

    /// <summary>"scenario rule subject", e.g. <c>audit AUD001 contractor_documents</c>: the test case's name.</summary>
    public string DisplayName { get; }

    /// <summary>The findings that fail the check (at or above <see cref="FailOn"/>, and not suppressed by the gate's baseline).</summary>
    public IReadOnlyList<Finding> Failures => Result is null
        ? []
        : [.. Result.Findings.Where(f => RunVerdict.Fails(f.Severity, FailOn) && !baseline.IsSuppressed(f))];

    /// <summary>True when the gate ran and no finding of this check reaches <see cref="FailOn"/>.</summary>
    public bool Passed => gateFailure is null && Failures.Count == 0;

    /// <summary>Throws when the check failed (naming each finding) or the gate did not run (with the real cause as inner exception).</summary>
    /// <exception cref="IsolationCheckFailedException">A finding at or above <see cref="FailOn"/>.</exception>
    /// <exception cref="IsolationGateException">The gate did not run.</exception>
    public void ShouldPass()
    {
        if (gateFailure is not null)
        {
            throw gateFailure is IsolationGateException gate ? gate : new IsolationGateException($"{Gate} did not run: {gateFailure.Message}", [], gateFailure);
        }

        if (Failures.Count > 0)
        {
            throw new IsolationCheckFailedException(this, Describe());
        }

        // A check that could not judge its subject is neither passed nor failed: the test case says so as skipped.
        Assert.SkipWhen(Result?.NotCovered is not null, $"{DisplayName}: not covered: {Result?.NotCovered}");
    }

    /// <summary>What failed, one block per finding: severity, rule, subject, message, evidence, reproduction, remediation.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.Append(DisplayName).Append(": ").Append(Failures.Count).Append(Failures.Count == 1 ? " finding" : " findings")
            .Append(" at or above ").Append(FailOn.ToString().ToLowerInvariant());
        foreach (var finding in Failures.Take(MaxDescribed))
        {
            text.AppendLine().AppendLine()
                .Append("  ").Append(finding.Severity.ToString().ToUpperInvariant()).Append(' ').Append(finding.Rule.Id)
                .Append(' ').Append(finding.Subject).Append(": ").Append(finding.Message);
            if (finding.Tenants is { } tenants)
            {
                text.AppendLine().Append("  tenants: ").Append(tenants.Attacker).Append(" reached ").Append(tenants.Victim);
            }

            AppendBlock(text, "evidence", finding.Evidence);
            AppendBlock(text, "reproduce", finding.Reproduction);
            AppendBlock(text, "fix", finding.Rule.Remediation);
        }

        if (Failures.Count > MaxDescribed)
        {
            text.AppendLine().AppendLine().Append("  ... and ").Append(Failures.Count - MaxDescribed)
                .Append(" more of the same check: see the gate's reports (report.html, junit.xml)");
        }

        return text.ToString();
    }

    /// <summary>
    /// The rule's severity and title, e.g. <c>Critical: RLS not enabled</c>: xunit appends the argument to the case's
    /// <see cref="DisplayName"/>, so this adds what the rule means instead of repeating the name.
    /// </summary>
    public override string ToString() => Result is null ? "did not run" : $"{Result.Rule.Severity}: {Result.Rule.Title}";

    internal static IsolationCheck NotRun(string gate, Exception failure) => new(gate, "gate", $"{gate} did not run", failure);

    /// <summary>A failing stand-in for a scenario that could not run to its end, so its missing checks cannot pass unnoticed.</summary>
    internal static IsolationCheck NotRunToEnd(string gate, string scenario, string error, IReadOnlyList<string> log) =>
        new(gate, scenario, $"{scenario} ran to its end", new IsolationGateException($"{gate}: {scenario} could not run to its end: {error}", log));

    /// <summary>
    /// A failing stand-in for a reason the run's verdict is incomplete: a scenario that could not run to its end, or a run
    /// in which no check ran (which would otherwise give the theory no case at all).
    /// </summary>
    internal static IsolationCheck Incomplete(string gate, IncompleteReason reason, IReadOnlyList<string> log) =>
        reason.ScenarioId is { } scenario
            ? NotRunToEnd(gate, scenario, reason.Detail, log)
            : new(gate, "gate", $"{gate} ran a check", new IsolationGateException($"{gate}: {reason}", log));

    private static void AppendBlock(StringBuilder text, string label, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return;
        }

        text.AppendLine().Append("  ").Append(label).Append(": ")
            .Append(value.Trim().ReplaceLineEndings(Environment.NewLine + "    "));
    }
}
