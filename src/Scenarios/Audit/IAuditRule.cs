using Harness.Findings;
using Harness.Running;

namespace Harness.Scenarios.Audit;

/// <summary>One catalog audit rule: it examines subjects (tables, policies, functions, views, the role) and yields a check per subject.</summary>
public interface IAuditRule
{
    /// <summary>The rule's stable id, title, severity and remediation.</summary>
    Rule Rule { get; }

    /// <summary>One <see cref="CheckResult"/> per subject examined, passed or not. Reads only <paramref name="input"/>.</summary>
    IEnumerable<CheckResult> Check(AuditInput input);
}
