using Harness.Running;
using Harness.Scenarios.Audit;
using Harness.Scenarios.Idor;
using Harness.Scenarios.Rls;

namespace Harness.Runner;

/// <summary>The scenario families <c>--scenarios</c> can name.</summary>
public static class ScenarioRegistry
{
    public static IReadOnlyList<IScenario> All { get; } = [new CatalogAudit(), new RlsMatrix(), new IdorScenario()];

    public static IReadOnlyList<IScenario> Select(IReadOnlyList<string> ids)
    {
        if (ids.Count == 1 && ids[0] == "all")
        {
            return All;
        }

        return [.. ids.Select(id => All.FirstOrDefault(s => s.Id == id)
            ?? throw new ArgumentException($"unknown scenario '{id}'; valid: all, {string.Join(", ", All.Select(s => s.Id))}"))];
    }
}
