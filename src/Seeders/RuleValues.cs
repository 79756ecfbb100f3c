using Harness.Catalog;
using Npgsql;

namespace Harness.Seeders;

/// <summary>
/// Resolves <see cref="ColumnRule.OneOf"/> values once, before loading: each value is cast by PostgreSQL to the
/// column's type (so '(1,2)' becomes a point) and read back, so rows can be written in binary COPY.
/// </summary>
internal static class RuleValues
{
    public static async Task<IReadOnlyDictionary<ColumnPlan.Ruled, object?[]>> ResolveAsync(
        NpgsqlConnection connection, IEnumerable<(TableInfo Table, ColumnPlan.Ruled Plan)> ruled, CancellationToken cancellationToken)
    {
        var resolved = new Dictionary<ColumnPlan.Ruled, object?[]>(ReferenceEqualityComparer.Instance);
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
                        $"rule for {table.Name}.{plan.Column.Name}: value '{oneOf.Values[i]}' is not a valid {plan.Column.DataType} ({e.MessageText})", e)
                    {
                        Table = table.Name.Value,
                        Column = plan.Column.Name,
                    };
                }
            }

            resolved[plan] = values;
        }

        return resolved;
    }
}
