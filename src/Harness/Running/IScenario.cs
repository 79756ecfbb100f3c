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

    /// <summary>
    /// Whether <c>--scenarios all</c> runs it. False for an on-demand family that takes minutes (a soak): it runs only when
    /// named.
    /// </summary>
    bool RunsInAll => true;

    /// <summary>
    /// Whether its options give it anything to check. <c>--scenarios all</c> leaves out (and says so) a family that is not
    /// configured, e.g. the quota family of a manifest that declares no quota; named explicitly, the family reports why it
    /// cannot run.
    /// </summary>
    /// <param name="options">What <see cref="ReadOptions"/> returned, or null.</param>
    bool IsConfigured(object? options) => true;

    /// <summary>
    /// The migration version its worker is migrated to and seeded at instead of the latest (the family must need an
    /// <see cref="ScenarioNeeds.ExclusiveWorker"/>), or null for the latest. The run hands it the later versions as a
    /// <see cref="MigrationSteps"/> feature and the family applies them itself.
    /// </summary>
    /// <param name="options">What <see cref="ReadOptions"/> returned, or null.</param>
    string? BaselineVersion(object? options) => null;

    /// <summary>
    /// Families that complete this one and run in the same run when it does (added when not named, and said so), e.g. the
    /// audit and the RLS matrix on the latest version next to migration survival. A companion that needs a running target
    /// is added only when the run has one.
    /// </summary>
    IReadOnlyList<string> Companions => [];

    Task<ScenarioResult> RunAsync(ScenarioContext context, CancellationToken cancellationToken = default);
}
