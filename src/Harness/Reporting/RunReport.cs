using Harness.Findings;
using Harness.Running;

namespace Harness.Reporting;

/// <summary>Everything a run produced, from which every report format is written.</summary>
public sealed record RunReport
{
    public required string RunId { get; init; }

    public required string Target { get; init; }

    public required string Postgres { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required TimeSpan Duration { get; init; }

    public int Seed { get; init; }

    public int Tenants { get; init; }

    public int SeededRows { get; init; }

    /// <summary>Findings at or above this severity fail the gate.</summary>
    public Severity FailOn { get; init; } = Severity.Low;

    public required IReadOnlyList<ScenarioResult> Scenarios { get; init; }

    public IEnumerable<Finding> Findings => Scenarios.SelectMany(s => s.Findings);

    public IEnumerable<Finding> GateFindings => Findings.Where(f => f.Severity >= FailOn);

    /// <summary>0 when no finding reaches the threshold, 1 otherwise (2, "could not run", never produces a report).</summary>
    public int ExitCode => GateFindings.Any() ? 1 : 0;
}
