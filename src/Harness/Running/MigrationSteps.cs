using Harness.Manifest;
using Harness.Migrations;

namespace Harness.Running;

/// <summary>
/// What the run hands a family that declares a <see cref="IScenario.BaselineVersion"/> (a <see cref="ScenarioContext"/>
/// feature): its worker was migrated to <see cref="Baseline"/> and seeded there, and it applies <see cref="Later"/> itself,
/// one at a time, with <see cref="Runner"/>.
/// </summary>
/// <param name="Runner">The target's migrations.</param>
/// <param name="Baseline">The version the worker was migrated to before seeding.</param>
/// <param name="Later">The versions after the baseline, in the order they apply.</param>
/// <param name="MigrationSchema">The schema the runner migrates (the worker schema), or null for a worker database (its default search path).</param>
/// <param name="Manifest">The run's manifest, to resolve the tenancy model again after a migration changed the schema.</param>
public sealed record MigrationSteps(
    ISteppedMigrationRunner Runner,
    MigrationStep Baseline,
    IReadOnlyList<MigrationStep> Later,
    string? MigrationSchema,
    HarnessManifest Manifest);
