using Harness.Findings;

namespace Harness.Reporting.Json;

/// <summary>
/// report.json (schema version 1) as written by <see cref="JsonReportWriter"/> and read back by <see cref="ReportMerge"/>:
/// the run's facts and verdict, a summary, every scenario with its checks, and every finding flat. Properties are
/// written in declaration order, camelCase, and left out when null; on reading, each parameter is required.
/// </summary>
/// <param name="SchemaVersion">The version of this shape; additions that older readers can ignore keep it.</param>
/// <param name="DurationSeconds">Wall-clock seconds, to the millisecond.</param>
/// <param name="ExitCode">The verdict's exit code (written for readers; a merge decides it again).</param>
public sealed record ReportDocument(
    int SchemaVersion,
    string RunId,
    string Target,
    string Postgres,
    DateTimeOffset StartedAt,
    double DurationSeconds,
    int Seed,
    int Tenants,
    int SeededRows,
    Severity FailOn,
    int ExitCode,
    ReportSummary Summary,
    IReadOnlyList<ScenarioDocument> Scenarios)
{
    /// <summary>The version this harness writes and reads.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>
    /// Every finding of every check, with its scenario and rule spelled out, for readers that skip the checks. Written
    /// only: a merge reads the findings of <see cref="ScenarioDocument.CheckResults"/>.
    /// </summary>
    public IReadOnlyList<FindingDocument> Findings { get; private init; } = [];

    /// <summary>Roles that appeared on the server while the migrations ran; left out when none did.</summary>
    public IReadOnlyList<string>? RolesCreated { get; init; }

    /// <summary>The baseline file the run was judged against; left out when none was.</summary>
    public string? Baseline { get; init; }

    /// <summary>Every entry of the baseline with what it did (applied, expired, unused); left out without a baseline. A merge judges by them again.</summary>
    public IReadOnlyList<SuppressionDocument>? Suppressions { get; init; }

    /// <summary>The findings the baseline suppressed, with its reasons (not in <see cref="Findings"/>); left out without a baseline.</summary>
    public IReadOnlyList<SuppressedFindingDocument>? Suppressed { get; private init; }

    internal static ReportDocument From(RunReport report)
    {
        var verdict = RunVerdict.Of(report);
        var summary = new ReportSummary(verdict.Checks, verdict.Probes, report.Findings.Count(), verdict.GateFindings.Count, report.Errors.Count())
        {
            Suppressed = report.Suppressed.Count,
        };
        return new ReportDocument(
            CurrentSchemaVersion, report.RunId, report.Target, report.Postgres, report.StartedAt, Seconds(report.Duration),
            report.Seed, report.Tenants, report.SeededRows, report.FailOn, verdict.ExitCode, summary,
            [.. report.Scenarios.Select(s => ScenarioDocument.From(s, [.. report.Artifacts.Where(a => a.ScenarioId == s.ScenarioId)]))])
        {
            Findings = [.. report.Findings.Select(FindingDocument.From)],
            RolesCreated = report.RolesCreated,
            Baseline = report.Baseline?.Source,
            Suppressions = SuppressionDocument.From(report),
            Suppressed = report.Baseline is null ? null : [.. report.Suppressed.Select(SuppressedFindingDocument.From)],
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
        RolesCreated = RolesCreated,
        FailOn = FailOn,
        Baseline = SuppressionDocument.ToBaseline(Baseline, Suppressions),
        Scenarios = [.. Scenarios.Select(s => s.ToResult())],
        ListedArtifacts = [.. Scenarios.SelectMany(s => s.ListedArtifacts())],
    };

    /// <summary>Seconds to the millisecond, as every duration in the document.</summary>
    internal static double Seconds(TimeSpan duration) => Math.Round(duration.TotalSeconds, 3);
}

/// <summary>
/// The counts a reader wants first: checks and probes that ran, findings (those the baseline suppressed left out), those that
/// reach the gate, scenarios in error, and findings the baseline suppressed.
/// </summary>
public sealed record ReportSummary(int Checks, int Probes, int Findings, int GateFindings, int Errors)
{
    /// <summary>Findings the run's baseline suppressed (0 without one).</summary>
    public int Suppressed { get; init; }
}
