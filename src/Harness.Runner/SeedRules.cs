using Harness.Manifest;
using Harness.Seeders;

namespace Harness.Runner;

/// <summary>Turns the manifest's <c>seed</c> section into the seeder's options and column rules.</summary>
public static class SeedRules
{
    /// <summary>The seeder's options for <paramref name="seed"/>: its sizes and rules, <paramref name="tenants"/> when given.</summary>
    public static SeedOptions OptionsFor(SeedSection seed, int? tenants, int randomSeed)
    {
        ArgumentNullException.ThrowIfNull(seed);
        var options = new SeedOptions
        {
            Tenants = tenants ?? seed.Tenants,
            UsersPerTenant = seed.UsersPerTenant,
            RowsPerTable = seed.RowsPerTable,
            Skew = seed.Skew,
            SoftDeleted = seed.SoftDeleted,
            Rules = From(seed),
            Seed = randomSeed,
        };
        options.Validate();
        return options;
    }

    public static IReadOnlyDictionary<string, ColumnRule> From(SeedSection seed) =>
        seed.Rules.ToDictionary(
            r => $"{r.Table}.{r.Column}",
            r => r.UseDefault ? ColumnRule.UseDefault
                : r.Weights is { } weights ? ColumnRule.Weighted([.. r.Values!], weights)
                : ColumnRule.OneOf([.. r.Values!]));
}
