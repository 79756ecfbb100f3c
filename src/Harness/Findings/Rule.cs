namespace Harness.Findings;

/// <summary>A check with a stable id, e.g. <c>AUD001</c>; findings cite it, reports group by it.</summary>
/// <param name="Id">Stable identifier used in reports, SARIF and suppressions.</param>
/// <param name="Title">Short name of what is checked.</param>
/// <param name="Severity">Default severity of a finding of this rule.</param>
/// <param name="Remediation">What to change so the rule passes.</param>
public sealed record Rule(string Id, string Title, Severity Severity, string Remediation);
