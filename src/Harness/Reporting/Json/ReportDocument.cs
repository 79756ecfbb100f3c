using Harness.Findings;
using Harness.Running;

namespace Harness.Reporting.Json;

/// <summary>
/// report.json (schema version 1) as written by <see cref="JsonReportWriter"/> and read back by <see cref="ReportMerge"/>:
/// the run's facts and verdict, a summary, every scenario with its checks, and every finding flat. Properties are
/// written in declaration order, camelCase, and left out when null.
/// </summary>
public sealed record ReportDocument
{
    /// <summary>The version of this shape; additions that older readers can ignore keep it.</summary>
    public const int CurrentSchemaVersion = 1;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    public required string RunId { get; init; }

    public required string Target { get; init; }

    public required string Postgres { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>Wall-clock seconds, to the millisecond.</summary>
    public required double DurationSeconds { get; init; }

    public int Seed { get; init; }

    public int Tenants { get; init; }

    public int SeededRows { get; init; }

    public Severity FailOn { get; init; }

    /// <summary>The verdict's exit code (written for readers; a merge decides it again).</summary>
    public int ExitCode { get; init; }

    public required ReportSummary Summary { get; init; }

    public required IReadOnlyList<ScenarioDocument> Scenarios { get; init; }

    /// <summary>Every finding of every check, with its scenario and rule spelled out (written for readers; a merge reads the checks).</summary>
    public required IReadOnlyList<FindingDocument> Findings { get; init; }

    internal static ReportDocument From(RunReport report)
    {
        var verdict = RunVerdict.Of(report);
        return new ReportDocument
        {
            RunId = report.RunId,
            Target = report.Target,
            Postgres = report.Postgres,
            StartedAt = report.StartedAt,
            DurationSeconds = Seconds(report.Duration),
            Seed = report.Seed,
            Tenants = report.Tenants,
            SeededRows = report.SeededRows,
            FailOn = report.FailOn,
            ExitCode = verdict.ExitCode,
            Summary = new ReportSummary(verdict.Checks, verdict.Probes, report.Findings.Count(), verdict.GateFindings.Count, report.Errors.Count()),
            Scenarios = [.. report.Scenarios.Select(ScenarioDocument.From)],
            Findings = [.. report.Findings.Select(FindingDocument.From)],
        };
    }

    /// <summary>The run report this document holds; its per-check detail is required.</summary>
    /// <exception cref="FormatException">A scenario has no per-check detail (the report was written by an older harness).</exception>
    internal RunReport ToReport() => new()
    {
        RunId = RunId,
        Target = Target,
        Postgres = Postgres,
        StartedAt = StartedAt,
        Duration = TimeSpan.FromSeconds(DurationSeconds),
        Seed = Seed,
        Tenants = Tenants,
        SeededRows = SeededRows,
        FailOn = FailOn,
        Scenarios = [.. Scenarios.Select(s => s.ToResult())],
    };

    /// <summary>Seconds to the millisecond, as every duration in the document.</summary>
    internal static double Seconds(TimeSpan duration) => Math.Round(duration.TotalSeconds, 3);
}

/// <summary>The counts a reader wants first: checks and probes that ran, findings, those that reach the gate, scenarios in error.</summary>
public sealed record ReportSummary(int Checks, int Probes, int Findings, int GateFindings, int Errors);
