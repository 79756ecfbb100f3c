namespace Harness.Findings;

/// <summary>One thing the harness found wrong, with what a user needs to confirm and fix it.</summary>
/// <param name="Rule">The rule that was broken.</param>
/// <param name="Scenario">The scenario family that found it ("audit", "rls", ...).</param>
/// <param name="Subject">The object at fault: a table, function, view, role or endpoint.</param>
/// <param name="Message">What is wrong, in one sentence that names the subject.</param>
/// <param name="Evidence">What was observed (catalog values, rows, responses).</param>
/// <param name="Reproduction">A SQL statement or curl command that shows it again, when there is one.</param>
public sealed record Finding(
    Rule Rule,
    string Scenario,
    string Subject,
    string Message,
    string Evidence,
    string? Reproduction = null)
{
    public Severity Severity => Rule.Severity;

    /// <summary>The attacker and victim tenants, for findings where one tenant reached another's data.</summary>
    public FindingTenants? Tenants { get; init; }

    /// <summary>Where the finding is written, when its family knows (the migration file and line); else the reports locate its subject.</summary>
    public SourceFile? Location { get; init; }

    /// <summary>What this finding is about, stable across runs and seeds: see <see cref="FindingFingerprint"/>.</summary>
    public string Fingerprint => FindingFingerprint.Of(this);
}
