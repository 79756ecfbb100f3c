using Harness.Manifest;
using Harness.Migrations;
using Harness.Running;

namespace Harness.Runner;

/// <summary>
/// The migration version each family's worker is migrated to and seeded at (<see cref="IScenario.BaselineVersion"/>): the
/// latest for most families, an earlier one for migration survival, which then applies the later steps itself. Resolved
/// before any server starts, so a baseline that names no version is refused first.
/// </summary>
internal sealed class BaselinePlan
{
    private readonly IReadOnlyList<(MigrationStep Baseline, IReadOnlyList<MigrationStep> Later)?> byFamily;

    private BaselinePlan(IReadOnlyList<(MigrationStep, IReadOnlyList<MigrationStep>)?> byFamily) => this.byFamily = byFamily;

    /// <summary>True when some family migrates its worker to a baseline of its own.</summary>
    public bool Any => byFamily.Any(b => b is not null);

    /// <summary>The baseline and the later steps of the family at <paramref name="index"/>, or null for the latest version.</summary>
    public (MigrationStep Baseline, IReadOnlyList<MigrationStep> Later)? Of(int index) => byFamily[index];

    public static async Task<BaselinePlan> ForAsync(
        IReadOnlyList<IScenario> families, Func<IScenario, object?> optionsOf, HarnessManifest manifest, IMigrationRunner? migrations,
        CancellationToken cancellationToken)
    {
        var plan = new List<(MigrationStep, IReadOnlyList<MigrationStep>)?>();
        IReadOnlyList<MigrationStep>? steps = null;
        foreach (var family in families)
        {
            if (family.BaselineVersion(optionsOf(family)) is not { } from)
            {
                plan.Add(null);
                continue;
            }

            if (!family.Needs.HasFlag(ScenarioNeeds.ExclusiveWorker))
            {
                throw new InvalidOperationException($"family {family.Id} declares a baseline version but not an exclusive worker; it would migrate a worker others share.");
            }

            // The manifest's own error (at its migrations line) when its migrations cannot stop at a version.
            var stepped = migrations as ISteppedMigrationRunner ?? MigrationRunnerFactory.SteppedFor(manifest);
            steps ??= await stepped.StepsAsync(cancellationToken);
            var baseline = MigrationStepSelector.Find(steps, from);
            var index = steps.ToList().IndexOf(baseline);
            plan.Add((baseline, [.. steps.Skip(index + 1)]));
        }

        return new BaselinePlan(plan);
    }
}
