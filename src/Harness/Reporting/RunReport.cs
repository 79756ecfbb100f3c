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

    /// <summary>Roles that appeared on the server while the migrations ran (roles are server-wide); null when none did.</summary>
    public IReadOnlyList<string>? RolesCreated { get; init; }

    /// <summary>Findings at or above this severity fail the gate.</summary>
    public Severity FailOn { get; init; } = Severity.Low;

    public required IReadOnlyList<ScenarioResult> Scenarios { get; init; }

    /// <summary>
    /// Files a report read back from report.json lists (their content stays in the files next to it); empty for a run's own
    /// report, whose files are its scenarios' <see cref="ScenarioResult.Artifacts"/>.
    /// </summary>
    public IReadOnlyList<ReportArtifact> ListedArtifacts { get; init; } = [];

    /// <summary>Every file the report lists: its scenarios' artifacts, then the <see cref="ListedArtifacts"/>.</summary>
    public IEnumerable<ReportArtifact> Artifacts =>
        Scenarios.SelectMany(s => s.Artifacts.Select(a => ReportArtifact.Of(s.ScenarioId, a))).Concat(ListedArtifacts);

    /// <summary>
    /// The findings that count for the gate: every finding of every scenario except those <see cref="Baseline"/> suppresses
    /// (those are in <see cref="Suppressed"/>).
    /// </summary>
    public IEnumerable<Finding> Findings
    {
        get
        {
            var all = Scenarios.SelectMany(s => s.Findings);
            if (Baseline is null)
            {
                return all;
            }

            var suppressions = Suppressions;
            return all.Where(f => !suppressions.IsSuppressed(f));
        }
    }

    /// <summary>The baseline the run is judged against (<c>--baseline</c>), or null when none is.</summary>
    public Baseline? Baseline { get; init; }

    /// <summary>What <see cref="Baseline"/> does to this run's findings on the run's (UTC) day: suppressed findings, expired and unused entries.</summary>
    public BaselineResult Suppressions =>
        Baseline?.Apply(Scenarios.SelectMany(s => s.Findings), DateOnly.FromDateTime(StartedAt.UtcDateTime)) ?? BaselineResult.None;

    /// <summary>The findings the baseline suppresses, each with its entry's reason: reported, but left out of the gate.</summary>
    public IReadOnlyList<SuppressedFinding> Suppressed => Suppressions.Suppressed;

    /// <summary>The findings at or above <see cref="FailOn"/>, the most severe first: <see cref="RunVerdict"/>'s.</summary>
    public IEnumerable<Finding> GateFindings => RunVerdict.Of(this).GateFindings;

    /// <summary>The scenarios that could not run to their end.</summary>
    public IEnumerable<ScenarioResult> Errors => Scenarios.Where(s => s.Error is not null);

    /// <summary>
    /// 2 when a scenario could not run to its end (the report says why, and keeps what the others found) or no check ran;
    /// else 1 when a finding reaches the threshold, 0 otherwise: <see cref="RunVerdict"/>'s exit code. A run that cannot
    /// start at all also exits 2, without a report.
    /// </summary>
    public int ExitCode => RunVerdict.Of(this).ExitCode;
}
