using Harness.Findings;
using Harness.Migrations;

namespace Harness.Scenarios.Survival;

/// <summary>A lint hit of a migration step as an MIG013 finding located at its statement.</summary>
internal static class LintFindings
{
    public static Finding ToFinding(this MigrationLintHit hit, MigrationStep step) =>
        new(SurvivalRules.LintedStatement, SurvivalScenario.ScenarioId, hit.Subject.Length > 0 ? hit.Subject : step.Name,
            $"{step.Name}:{hit.Line}: {hit.Message}", $"line {hit.Line}: {hit.Excerpt}")
        {
            Location = new SourceFile(hit.Path, hit.Line),
        };
}
