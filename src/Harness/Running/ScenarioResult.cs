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

    public IEnumerable<Finding> Findings => Checks.SelectMany(c => c.Findings);

    public int Probes => Checks.Sum(c => c.Probes);
}

/// <summary>One check: a rule applied to one subject (a table, function, view, role, or a group of probes).</summary>
/// <param name="Probes">How many probes the check ran (1 for a catalog check; a group of database or HTTP probes counts each).</param>
public sealed record CheckResult(Rule Rule, string Subject, IReadOnlyList<Finding> Findings, int Probes = 1)
{
    public bool Passed => Findings.Count == 0;
}
