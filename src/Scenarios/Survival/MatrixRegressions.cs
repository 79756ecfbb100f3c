using Harness.Findings;

namespace Harness.Scenarios.Survival;

/// <summary>
/// MIG004 findings from the quick matrix's regressions: one per table, naming every probe group (operation x context) that
/// passed at the baseline and fails after the step, with the first failure's evidence and tenants.
/// </summary>
internal static class MatrixRegressions
{
    public static IEnumerable<Finding> Of(StepInput input, IReadOnlyList<Finding> regressed, string baseline)
    {
        foreach (var table in regressed.GroupBy(f => f.Subject.Split(' ')[0], StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var first = table.First();
            var groups = table.Select(f => f.Subject[(table.Key.Length + 1)..]).ToList();
            yield return input.Finding(
                SurvivalRules.MatrixRegressed, table.Key,
                $"the quick RLS matrix now fails {groups.Count} probe group(s) on {table.Key} that passed at {baseline}: {string.Join(", ", groups)}",
                $"{first.Message} {first.Evidence}",
                input.Locate([table.Key], ["CREATE|ALTER", "POLICY"], ["ALTER TABLE", "ROW LEVEL SECURITY"], ["CREATE TABLE", "LIKE"], ["ALTER TABLE", "RENAME"], ["DROP TABLE"], ["GRANT"]),
                first.Reproduction) with { Tenants = first.Tenants };
        }
    }
}
