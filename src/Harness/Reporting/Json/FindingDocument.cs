using Harness.Findings;

namespace Harness.Reporting.Json;

/// <summary>A finding in report.json's flat list, with its rule and scenario spelled out for readers that skip the checks.</summary>
public sealed record FindingDocument
{
    public required string RuleId { get; init; }

    /// <summary>The rule's title.</summary>
    public required string Rule { get; init; }

    public Severity Severity { get; init; }

    public required string Scenario { get; init; }

    public required string Subject { get; init; }

    public required string Message { get; init; }

    public required string Evidence { get; init; }

    public string? Reproduction { get; init; }

    public required string Remediation { get; init; }

    public string? Attacker { get; init; }

    public string? Victim { get; init; }

    internal static FindingDocument From(Finding finding) => new()
    {
        RuleId = finding.Rule.Id,
        Rule = finding.Rule.Title,
        Severity = finding.Severity,
        Scenario = finding.Scenario,
        Subject = finding.Subject,
        Message = finding.Message,
        Evidence = finding.Evidence,
        Reproduction = finding.Reproduction,
        Remediation = finding.Rule.Remediation,
        Attacker = finding.Tenants?.Attacker,
        Victim = finding.Tenants?.Victim,
    };
}
