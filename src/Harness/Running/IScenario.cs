using Harness.Findings;

namespace Harness.Running;

/// <summary>A scenario family: turns the model (and the seed ledger) into probes and reports what failed.</summary>
public interface IScenario
{
    /// <summary>The id used with <c>--scenarios</c> and in reports, e.g. "audit".</summary>
    string Id { get; }

    /// <summary>The rules this scenario can report, for reports that list what was checked.</summary>
    IReadOnlyList<Rule> Rules { get; }

    Task<ScenarioResult> RunAsync(ScenarioContext context, CancellationToken cancellationToken = default);
}
