using Harness.Running;

namespace Harness.Reporting;

/// <summary>What a run could not judge, as every report lists it: scenario, rule, subject and why, capped for readability.</summary>
internal static class NotCoveredList
{
    /// <summary>At most this many not-covered checks are listed; the rest are counted and left to report.json.</summary>
    public const int MaxListed = 200;

    public static IReadOnlyList<(string ScenarioId, CheckResult Check)> Of(RunReport report) =>
        [.. report.Scenarios.SelectMany(s => s.NotCovered.Select(c => (s.ScenarioId, c)))];
}
