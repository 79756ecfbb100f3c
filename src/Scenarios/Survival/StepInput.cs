using Harness.Findings;
using Harness.Migrations;
using Harness.Snapshots;

namespace Harness.Scenarios.Survival;

/// <summary>One migration step as the checks see it: the snapshots before and after it, and how to point at its text.</summary>
/// <param name="Find">The file and line of the first statement of the step that begins with the keywords (phrases in order, see
/// <c>StatementLocator.Find</c>) and names every one of the names, or null when none does.</param>
/// <param name="Diff">What differs between <paramref name="Before"/> and <paramref name="After"/> (<see cref="SnapshotDiff.Between"/>), taken once per step.</param>
/// <param name="Label">How reports name the step (<see cref="MigrationStep.LabelsOf"/>).</param>
internal sealed record StepInput(
    MigrationStep Step,
    string Label,
    DatabaseSnapshot Before,
    DatabaseSnapshot After,
    SnapshotDiff Diff,
    SurvivalTenancy Tenancy,
    Func<IReadOnlyList<string>, IReadOnlyList<string>, SourceFile?> Find)
{
    /// <summary>The first statement that names <paramref name="names"/> and matches one of <paramref name="patterns"/>, tried in order.</summary>
    public SourceFile? Locate(IReadOnlyList<string> names, params IReadOnlyList<string>[] patterns) =>
        patterns.Select(keywords => Find(keywords, names)).FirstOrDefault(found => found is not null);

    public Finding Finding(Rule rule, string subject, string message, string evidence, SourceFile? location, string? reproduction = null) =>
        new(rule, SurvivalScenario.ScenarioId, subject, $"{Label}: {message}", evidence, reproduction) { Location = location ?? (Step.File is { } file ? new SourceFile(file, 1) : null) };
}
