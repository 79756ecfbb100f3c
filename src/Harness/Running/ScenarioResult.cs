using Harness.Findings;

namespace Harness.Running;

/// <summary>What one scenario did: how many probes (checks) it ran, what it found, and what it measured.</summary>
/// <param name="Checks">Every check that ran, passed or not, for JUnit's one-case-per-check output.</param>
public sealed record ScenarioResult(string ScenarioId, IReadOnlyList<CheckResult> Checks, TimeSpan Duration)
{
    /// <summary>
    /// Why the scenario could not run to its end (then <see cref="Checks"/> holds only what it finished, often nothing),
    /// or null when it ran to the end. A run with an error exits 2 but still writes its reports.
    /// </summary>
    public string? Error { get; init; }

    /// <summary>Figures the scenario measured (latency percentiles, throughput, recovery times), listed by the reports; none for a scenario of checks only.</summary>
    public IReadOnlyList<Metric> Metrics { get; init; } = [];

    /// <summary>Values the scenario recorded over its run (latency over time...), charted by the HTML report; none for a scenario of checks only.</summary>
    public IReadOnlyList<MetricSeries> Series { get; init; } = [];

    /// <summary>
    /// Files the scenario hands the report folder (an HdrHistogram log per tenant, a diff): written next to report.json as
    /// <c>&lt;scenario id&gt;-&lt;file name&gt;</c> and listed in it; none for most scenarios.
    /// </summary>
    public IReadOnlyList<ScenarioArtifact> Artifacts { get; init; } = [];

    public IEnumerable<Finding> Findings => Checks.SelectMany(c => c.Findings);

    public int Probes => Checks.Sum(c => c.Probes);

    /// <summary>The checks that could not judge their subject.</summary>
    public IEnumerable<CheckResult> NotCovered => Checks.Where(c => !c.Covered);

    /// <summary>The checks of rules a <see cref="RuleFilter"/> left out: neither passed nor failed.</summary>
    public IEnumerable<CheckResult> Skipped => Checks.Where(c => c.Skipped is not null);

    /// <summary>The checks that count: every one but the <see cref="Skipped"/>.</summary>
    public IEnumerable<CheckResult> Judged => Checks.Where(c => c.Skipped is null);
}

/// <summary>One check: a rule applied to one subject (a table, function, view, role, or a group of probes).</summary>
/// <param name="Probes">How many probes the check ran (1 for a catalog check; a group of database or HTTP probes counts each).</param>
public sealed record CheckResult(Rule Rule, string Subject, IReadOnlyList<Finding> Findings, int Probes = 1)
{
    /// <summary>
    /// Why the check could not judge its subject (no seeded ids, every control failed, a set-up that failed), or null when
    /// it judged. A check that was not covered never counts as passed; the reports list it as not covered.
    /// </summary>
    public string? NotCovered { get; init; }

    /// <summary>
    /// Why the check is not reported (its rule was left out by <c>--rules</c> or <c>--skip-rules</c>), or null when it is. A
    /// skipped check has no finding and never counts as passed; the reports list it as skipped.
    /// </summary>
    public string? Skipped { get; init; }

    /// <summary>
    /// The attacker → victim tenant pairs the check probed, for a family that probes pairs of tenants (empty otherwise):
    /// the HTML matrix draws a pair no check probed as "not probed", never as "no finding".
    /// </summary>
    public IReadOnlyList<FindingTenants> ProbedPairs { get; init; } = [];

    /// <summary>
    /// The stage of a family that works in stages (a migration step) this check belongs to, or null: JUnit writes one case
    /// per stage and the HTML report draws a timeline of stages by rule.
    /// </summary>
    public string? Step { get; init; }

    /// <summary>It judged its subject and found nothing.</summary>
    public bool Passed => Findings.Count == 0 && NotCovered is null && Skipped is null;

    /// <summary>It judged its subject (with or without findings).</summary>
    public bool Covered => NotCovered is null;
}
