using Harness.Findings;

namespace Harness.Scenarios.Survival;

/// <summary>A lint hit of a migration step as an MIG013 finding located at its statement.</summary>
internal static class LintFindings
{
    public static Finding ToFinding(this MigrationLintHit hit, string step) =>
        new(SurvivalRules.LintedStatement, SurvivalScenario.ScenarioId, hit.Subject.Length > 0 ? hit.Subject : step,
            $"{step}:{hit.Line}: {hit.Message}", $"line {hit.Line}: {hit.Excerpt}")
        {
            Location = new SourceFile(hit.Path, hit.Line),
        };
}
