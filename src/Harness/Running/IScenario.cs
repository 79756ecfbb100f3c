using Harness.Findings;
using Harness.Manifest;

namespace Harness.Running;

/// <summary>
/// A scenario family: turns the model (and the seed ledger) into probes and reports what failed. It declares its id, its
/// rules and what it needs, and reads its own manifest section into its own options. Derive from
/// <see cref="ScenarioFamily{TOptions}"/> for typed options; register it in the runner's <c>ScenarioRegistry</c>.
/// </summary>
public interface IScenario
{
    /// <summary>The id used with <c>--scenarios</c> and in reports, e.g. "audit".</summary>
    string Id { get; }

    /// <summary>The rules this scenario can report, for reports that list what was checked.</summary>
    IReadOnlyList<Rule> Rules { get; }

    /// <summary>What the run must give it; the pipeline schedules by this.</summary>
    ScenarioNeeds Needs { get; }

    /// <summary>The top-level manifest key of its own options (e.g. <c>idor</c>), or null when it has none.</summary>
    string? SectionKey => null;

    /// <summary>
    /// Reads its own section into validated options (defaults when the section is absent), when the manifest is loaded;
    /// errors are <see cref="ManifestException"/>s with the position. Called only when <see cref="SectionKey"/> is set.
    /// </summary>
    object? ReadOptions(ManifestSection section) => null;

    Task<ScenarioResult> RunAsync(ScenarioContext context, CancellationToken cancellationToken = default);
}
