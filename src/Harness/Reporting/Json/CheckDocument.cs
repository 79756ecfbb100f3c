using Harness.Findings;
using Harness.Running;

namespace Harness.Reporting.Json;

/// <summary>One check in report.json: its rule spelled out, its subject, how many probes it ran, and its findings.</summary>
public sealed record CheckDocument
{
    public required string RuleId { get; init; }

    /// <summary>The rule's title.</summary>
    public required string Rule { get; init; }

    public Severity Severity { get; init; }

    public required string Remediation { get; init; }

    public required string Subject { get; init; }

    public int Probes { get; init; }

    public required IReadOnlyList<CheckFindingDocument> Findings { get; init; }

    internal static CheckDocument From(CheckResult check) => new()
    {
        RuleId = check.Rule.Id,
        Rule = check.Rule.Title,
        Severity = check.Rule.Severity,
        Remediation = check.Rule.Remediation,
        Subject = check.Subject,
        Probes = check.Probes,
        Findings = [.. check.Findings.Select(CheckFindingDocument.From)],
    };

    internal CheckResult ToResult(string scenarioId)
    {
        var rule = new Rule(RuleId, Rule, Severity, Remediation);
        return new CheckResult(rule, Subject, [.. Findings.Select(f => f.ToFinding(rule, scenarioId))], Probes);
    }
}

/// <summary>A finding under its check: the check gives its rule and the scenario its scenario.</summary>
public sealed record CheckFindingDocument
{
    public required string Subject { get; init; }

    public required string Message { get; init; }

    public required string Evidence { get; init; }

    public string? Reproduction { get; init; }

    /// <summary>The acting tenant, for a finding that names two tenants.</summary>
    public string? Attacker { get; init; }

    /// <summary>The tenant whose data was reached, for a finding that names two tenants.</summary>
    public string? Victim { get; init; }

    internal static CheckFindingDocument From(Finding finding) => new()
    {
        Subject = finding.Subject,
        Message = finding.Message,
        Evidence = finding.Evidence,
        Reproduction = finding.Reproduction,
        Attacker = finding.Tenants?.Attacker,
        Victim = finding.Tenants?.Victim,
    };

    internal Finding ToFinding(Rule rule, string scenarioId) => new(rule, scenarioId, Subject, Message, Evidence, Reproduction)
    {
        Tenants = Attacker is not null && Victim is not null ? new FindingTenants(Attacker, Victim) : null,
    };
}
