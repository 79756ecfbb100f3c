using Harness.Findings;
using Harness.Running;

namespace Harness.Reporting.Json;

/// <summary>One check in report.json: its rule spelled out, its subject, how many probes it ran, and its findings.</summary>
/// <param name="Rule">The rule's title.</param>
/// <param name="NotCovered">Why the check could not judge its subject; absent when it judged.</param>
/// <param name="Skipped">Why the check is not reported (its rule was filtered out); absent when it is.</param>
/// <param name="ProbedPairs">The attacker and victim tenants of each pair the check probed; absent when it probed no pairs.</param>
/// <param name="Step">The stage (migration step) the check belongs to; absent for a family that does not work in stages.</param>
public sealed record CheckDocument(
    string RuleId, string Rule, Severity Severity, string Remediation, string Subject, int Probes, IReadOnlyList<CheckFindingDocument> Findings,
    string? NotCovered = null, string? Skipped = null, IReadOnlyList<PairDocument>? ProbedPairs = null, string? Step = null)
{
    internal static CheckDocument From(CheckResult check) =>
        new(check.Rule.Id, check.Rule.Title, check.Rule.Severity, check.Rule.Remediation, check.Subject, check.Probes,
            [.. check.Findings.Select(CheckFindingDocument.From)], check.NotCovered, check.Skipped,
            check.ProbedPairs.Count == 0 ? null : [.. check.ProbedPairs.Select(p => new PairDocument(p.Attacker, p.Victim))], check.Step);

    internal CheckResult ToResult(string scenarioId)
    {
        var rule = new Rule(RuleId, Rule, Severity, Remediation);
        return new CheckResult(rule, Subject, [.. Findings.Select(f => f.ToFinding(rule, scenarioId))], Probes)
        {
            NotCovered = NotCovered,
            Skipped = Skipped,
            ProbedPairs = ProbedPairs is null ? [] : [.. ProbedPairs.Select(p => new FindingTenants(p.Attacker, p.Victim))],
            Step = Step,
        };
    }
}

/// <summary>A tenant pair a check probed: the acting tenant and the one whose data it tried to reach.</summary>
public sealed record PairDocument(string Attacker, string Victim);

/// <summary>A finding under its check: the check gives its rule and the scenario its scenario.</summary>
/// <param name="Attacker">The acting tenant, for a finding that names two tenants.</param>
/// <param name="Victim">The tenant whose data was reached, for a finding that names two tenants.</param>
/// <param name="Location">The file and line the finding is written at, when its family knows (a migration statement).</param>
public sealed record CheckFindingDocument(
    string Subject, string Message, string Evidence, string? Reproduction = null, string? Attacker = null, string? Victim = null,
    LocationDocument? Location = null)
{
    internal static CheckFindingDocument From(Finding finding) =>
        new(finding.Subject, finding.Message, finding.Evidence, finding.Reproduction, finding.Tenants?.Attacker, finding.Tenants?.Victim,
            LocationDocument.From(finding.Location));

    internal Finding ToFinding(Rule rule, string scenarioId) => new(rule, scenarioId, Subject, Message, Evidence, Reproduction)
    {
        Tenants = Attacker is not null && Victim is not null ? new FindingTenants(Attacker, Victim) : null,
        Location = Location is null ? null : new SourceFile(Location.Path, Location.Line),
    };
}

/// <summary>The file (as the family named it) and 1-based line a finding is written at.</summary>
public sealed record LocationDocument(string Path, int Line)
{
    internal static LocationDocument? From(SourceFile? file) => file is null ? null : new(file.Path, file.Line);
}
