namespace Harness.Seeders;

/// <summary>
/// A user-provided way to fill one column the seeder cannot (or should not) fill itself, keyed as
/// <c>table.column</c> in <see cref="SeedOptions.Rules"/> or in the manifest's <c>seed.rules</c>.
/// </summary>
public abstract record ColumnRule
{
    /// <summary>Leave the column out of the insert: its DEFAULT (or null) applies.</summary>
    public static ColumnRule UseDefault { get; } = new DefaultRule();

    /// <summary>Pick each row's value from these (text values are cast by PostgreSQL to the column's type).</summary>
    public static ColumnRule OneOf(params object?[] values) =>
        values.Length == 0 ? throw new ArgumentException("give at least one value", nameof(values)) : new OneOfRule(values);

    /// <summary>
    /// Pick each row's value from these with the given weights (same count, each above 0): weights 3 and 1 give
    /// the first value three rows in four. A null value writes NULL.
    /// </summary>
    public static ColumnRule Weighted(IReadOnlyList<object?> values, IReadOnlyList<double> weights)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(weights);
        return values.Count == 0 ? throw new ArgumentException("give at least one value", nameof(values))
            : weights.Count != values.Count ? throw new ArgumentException("give one weight per value", nameof(weights))
            : weights.Any(w => !(w > 0) || double.IsInfinity(w)) ? throw new ArgumentException("every weight must be above 0", nameof(weights))
            : new OneOfRule(values) { Weights = weights };
    }

    /// <summary>Compute each row's value in C#.</summary>
    public static ColumnRule From(Func<ColumnRuleContext, object?> compute) => new ComputedRule(compute);

    internal sealed record DefaultRule : ColumnRule;

    internal sealed record OneOfRule(IReadOnlyList<object?> Values) : ColumnRule
    {
        /// <summary>One weight per value, or null for an even pick.</summary>
        public IReadOnlyList<double>? Weights { get; init; }

        /// <summary>Whether the seeder made it from a CHECK (its errors then name the check, not a rule).</summary>
        public string? FromCheck { get; init; }
    }

    internal sealed record ComputedRule(Func<ColumnRuleContext, object?> Compute) : ColumnRule;
}

/// <summary>What a computed rule knows about the row it fills. <see cref="Random"/> is the tenant's own seeded randomizer.</summary>
public sealed record ColumnRuleContext(string Table, string Column, int TenantIndex, object? TenantId, int RowIndex, Random Random);
