using Harness.Errors;
using Harness.Reporting;
using Harness.Runner;
using Harness.Scenarios.Chaos;

namespace Harness.Cli.Commands;

/// <summary>
/// <c>harness run --replay report.json</c>: the chaos run of that report again, with its run seed (the same tenants and
/// rows) and its fault schedule's seed (the same faults at the same offsets against the same tenants).
/// </summary>
internal static class ChaosReplay
{
    public static async Task<RunOptions> ApplyAsync(RunOptions options, string reportPath, CancellationToken cancellationToken)
    {
        RunReport report;
        try
        {
            report = await ReportMerge.LoadAsync(reportPath, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException or HarnessException)
        {
            throw new UsageException($"--replay {reportPath}: cannot read the report ({e.Message}); give the report.json of a run with --scenarios chaos", e) { Option = "--replay" };
        }

        var chaos = report.Scenarios.FirstOrDefault(s => s.ScenarioId == ChaosScenario.ScenarioId);
        var seed = chaos?.Metrics.FirstOrDefault(m => m.Name == "seed")?.Value;
        if (seed is not { } value)
        {
            throw new UsageException($"--replay {reportPath}: the report has no chaos run with its seed; give the report.json of a run with --scenarios chaos") { Option = "--replay" };
        }

        return options with
        {
            Seed = report.Seed,
            Scenarios = [ChaosScenario.ScenarioId],
            OptionOverrides = new Dictionary<string, Func<object?, object?>>(options.OptionOverrides)
            {
                [ChaosScenario.ScenarioId] = read => (read as ChaosOptions ?? new ChaosOptions()) with { Seed = (int)value },
            },
        };
    }
}
