using Harness.Manifest;
using Harness.Seeders;

namespace Harness.Runner;

/// <summary>Turns the manifest's <c>seed.rules</c> into the seeder's column rules.</summary>
public static class SeedRules
{
    public static IReadOnlyDictionary<string, ColumnRule> From(SeedSection seed) =>
        seed.Rules.ToDictionary(
            r => $"{r.Table}.{r.Column}",
            r => r.UseDefault ? ColumnRule.UseDefault
                : r.Weights is { } weights ? ColumnRule.Weighted([.. r.Values!], weights)
                : ColumnRule.OneOf([.. r.Values!]));
}
