using Harness.Running;

namespace Harness.Reporting.Json;

/// <summary>One scenario in report.json: its counts, why it stopped (when it did), every check it ran, and what it measured.</summary>
public sealed record ScenarioDocument
{
    public required string Id { get; init; }

    /// <summary>Why the scenario could not run to its end; absent when it did.</summary>
    public string? Error { get; init; }

    public required double DurationSeconds { get; init; }

    public int Checks { get; init; }

    public int Probes { get; init; }

    public int Passed { get; init; }

    /// <summary>Every check with its findings, so shards' reports can be merged into one (harness report merge); absent only in reports of older harnesses.</summary>
    public IReadOnlyList<CheckDocument>? CheckResults { get; init; }

    /// <summary>The figures the scenario measured; absent when it measured none.</summary>
    public IReadOnlyList<MetricDocument>? Metrics { get; init; }

    /// <summary>The values the scenario recorded over its run, each as it is (its points on one line); absent when it recorded none.</summary>
    public IReadOnlyList<SeriesDocument>? Series { get; init; }

    /// <summary>The files the scenario handed the report folder, next to report.json; absent when it handed none.</summary>
    public IReadOnlyList<ArtifactDocument>? Artifacts { get; init; }

    /// <param name="artifacts">The scenario's files as the report lists them (its own, or those a report read back lists).</param>
    internal static ScenarioDocument From(ScenarioResult scenario, IReadOnlyList<ReportArtifact> artifacts) => new()
    {
        Id = scenario.ScenarioId,
        Error = scenario.Error,
        DurationSeconds = ReportDocument.Seconds(scenario.Duration),
        Checks = scenario.Checks.Count,
        Probes = scenario.Probes,
        Passed = scenario.Checks.Count(c => c.Passed),
        CheckResults = [.. scenario.Checks.Select(CheckDocument.From)],
        Metrics = scenario.Metrics.Count == 0 ? null : [.. scenario.Metrics.Select(MetricDocument.From)],
        Series = scenario.Series.Count == 0 ? null : [.. scenario.Series.Select(SeriesDocument.From)],
        Artifacts = artifacts.Count == 0 ? null : [.. artifacts.Select(ArtifactDocument.From)],
    };

    /// <exception cref="FormatException">The scenario has no per-check detail.</exception>
    internal ScenarioResult ToResult()
    {
        var checks = CheckResults
            ?? throw new FormatException($"scenario {Id} has no per-check detail (checkResults); it was written by an older harness, run it again");
        return new ScenarioResult(Id, [.. checks.Select(c => c.ToResult(Id))], TimeSpan.FromSeconds(DurationSeconds))
        {
            Error = Error,
            Metrics = [.. (Metrics ?? []).Select(m => m.ToMetric())],
            Series = [.. (Series ?? []).Select(s => s.ToSeries())],
        };
    }

    /// <summary>The files the document lists for the scenario (their content stays in the files).</summary>
    /// <exception cref="FormatException">A listed file does not have the name the scenario's artifact gives.</exception>
    internal IEnumerable<ReportArtifact> ListedArtifacts() => (Artifacts ?? []).Select(a => a.ToArtifact(Id));
}
