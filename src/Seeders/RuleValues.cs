using Harness.Catalog;
using Npgsql;

namespace Harness.Seeders;

/// <summary>
/// Resolves <see cref="ColumnRule.OneOf"/> values once, before loading: each value is cast by PostgreSQL to the
/// column's type (so '(1,2)' becomes a point) and read back, so rows can be written in binary COPY.
/// </summary>
internal static class RuleValues
{
    /// <summary>A rule's values as the column's type, and the running total of their weights (null for an even pick).</summary>
    internal sealed record Resolved(object?[] Values, double[]? Cumulative)
    {
        public object? Pick(Random random)
        {
            if (Cumulative is null)
            {
                return Values[random.Next(Values.Length)];
            }

            var at = random.NextDouble() * Cumulative[^1];
            var index = Array.BinarySearch(Cumulative, at);
            return Values[Math.Min(Values.Length - 1, index < 0 ? ~index : index + 1)];
        }
    }

    public static async Task<IReadOnlyDictionary<ColumnPlan.Ruled, Resolved>> ResolveAsync(
        NpgsqlConnection connection, IEnumerable<(TableInfo Table, ColumnPlan.Ruled Plan)> ruled, CancellationToken cancellationToken)
    {
        var resolved = new Dictionary<ColumnPlan.Ruled, Resolved>(ReferenceEqualityComparer.Instance);
        foreach (var (table, plan) in ruled)
        {
            if (plan.Rule is not ColumnRule.OneOfRule oneOf)
            {
                continue;
            }

            var values = new object?[oneOf.Values.Count];
            for (var i = 0; i < values.Length; i++)
            {
                try
                {
                    await using var cast = new NpgsqlCommand($"SELECT CAST($1 AS {plan.Column.DataType})", connection);
                    cast.Parameters.Add(new NpgsqlParameter { Value = oneOf.Values[i] is { } v ? v.ToString() ?? "" : DBNull.Value });
                    var value = await cast.ExecuteScalarAsync(cancellationToken);
                    values[i] = value is DBNull ? null : value;
                }
                catch (PostgresException e)
                {
                    throw new SeedException(
                        oneOf.FromCheck is { } check
                            ? $"cannot seed {table.DisplayName}.{plan.Column.Name}: value '{oneOf.Values[i]}' of its check {check} is not a valid {plan.Column.DataType} ({e.MessageText}); " +
                              $"add a rule in harness.yaml: seed: rules: {{ {table.Name}.{plan.Column.Name}: {{ values: [...] }} }}"
                            : $"rule for {table.Name}.{plan.Column.Name}: value '{oneOf.Values[i]}' is not a valid {plan.Column.DataType} ({e.MessageText})", e)
                    {
                        Table = table.DisplayName,
                        Column = plan.Column.Name,
                    };
                }

                if (values[i] is null && plan.Column.NotNull)
                {
                    throw new SeedException(
                        $"rule for {table.Name}.{plan.Column.Name}: null is not allowed, the column is NOT NULL; remove null from its values")
                    {
                        Table = table.DisplayName,
                        Column = plan.Column.Name,
                    };
                }
            }

            var cumulative = oneOf.Weights is { } weights ? new double[weights.Count] : null;
            for (var i = 0; cumulative is not null && i < cumulative.Length; i++)
            {
                cumulative[i] = (i == 0 ? 0 : cumulative[i - 1]) + oneOf.Weights![i];
            }

            resolved[plan] = new Resolved(values, cumulative);
        }

        return resolved;
    }
}
