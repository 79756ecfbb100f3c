using Harness.Findings;

namespace Harness.Reporting.Json;

/// <summary>A finding in report.json's flat list, with its rule and scenario spelled out for readers that skip the checks.</summary>
/// <param name="Rule">The rule's title.</param>
/// <param name="Attacker">The acting tenant, for a finding that names two tenants.</param>
/// <param name="Victim">The tenant whose data was reached, for a finding that names two tenants.</param>
/// <param name="Location">The file and line the finding is written at, when its family knows (a migration statement).</param>
public sealed record FindingDocument(
    string RuleId, string Rule, Severity Severity, string Scenario, string Subject, string Message, string Evidence,
    string? Reproduction, string Remediation, string? Attacker, string? Victim, LocationDocument? Location = null)
{
    internal static FindingDocument From(Finding finding) =>
        new(finding.Rule.Id, finding.Rule.Title, finding.Severity, finding.Scenario, finding.Subject, finding.Message, finding.Evidence,
            finding.Reproduction, finding.Rule.Remediation, finding.Tenants?.Attacker, finding.Tenants?.Victim, LocationDocument.From(finding.Location));
}
