using Harness.Running;

namespace Harness.Reporting.Json;

/// <summary>One scenario in report.json: its counts, why it stopped (when it did), and every check it ran.</summary>
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

    internal static ScenarioDocument From(ScenarioResult scenario) => new()
    {
        Id = scenario.ScenarioId,
        Error = scenario.Error,
        DurationSeconds = ReportDocument.Seconds(scenario.Duration),
        Checks = scenario.Checks.Count,
        Probes = scenario.Probes,
        Passed = scenario.Checks.Count(c => c.Passed),
        CheckResults = [.. scenario.Checks.Select(CheckDocument.From)],
    };

    /// <exception cref="FormatException">The scenario has no per-check detail.</exception>
    internal ScenarioResult ToResult()
    {
        var checks = CheckResults
            ?? throw new FormatException($"scenario {Id} has no per-check detail (checkResults); it was written by an older harness, run it again");
        return new ScenarioResult(Id, [.. checks.Select(c => c.ToResult(Id))], TimeSpan.FromSeconds(DurationSeconds)) { Error = Error };
    }
}
