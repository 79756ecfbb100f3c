using Harness.Catalog;
using Harness.Model;

namespace Harness.Seeders;

/// <summary>How the seeder fills one column of one table: decided once per table, so every row has the same shape.</summary>
internal abstract record ColumnPlan(ColumnInfo Column)
{
    /// <summary>The tenant's id (the tenant key, or the root's key on the root table).</summary>
    public sealed record TenantId(ColumnInfo Column) : ColumnPlan(Column);

    /// <summary>Copied from a parent row picked through foreign key <paramref name="ForeignKey"/>.</summary>
    public sealed record FromParent(ColumnInfo Column, ForeignKeyInfo ForeignKey, string ParentColumn) : ColumnPlan(Column);

    /// <summary>A generated value; <paramref name="Canary"/> marks the column that carries the tenant's canary tokens.</summary>
    public sealed record Generated(ColumnInfo Column, bool Unique, bool Canary) : ColumnPlan(Column);

    /// <summary>Always null (soft-delete markers, nullable columns of types the seeder cannot make).</summary>
    public sealed record Null(ColumnInfo Column) : ColumnPlan(Column);

    /// <summary>Left out of the insert: generated columns, and defaults of types the seeder cannot make.</summary>
    public sealed record Omitted(ColumnInfo Column) : ColumnPlan(Column);

    /// <summary>Filled by a user's rule (<see cref="SeedOptions.Rules"/>).</summary>
    public sealed record Ruled(ColumnInfo Column, ColumnRule Rule) : ColumnPlan(Column);

    public static IReadOnlyList<ColumnPlan> For(
        TableInfo table, TenancyModel model, ISet<TableName> seededTables, ISet<TableName> globalTables, IReadOnlyDictionary<string, ColumnRule> rules)
    {
        var tenantColumn = model.TenantColumnOf(table.Name);
        var uniqueColumns = table.Indexes.Where(i => i.IsUnique && !i.IsPrimary).SelectMany(i => i.Columns).ToHashSet();
        var parents = new Dictionary<string, ColumnPlan>();
        foreach (var fk in table.ForeignKeys.Where(fk => fk.ReferencedTable != table.Name))
        {
            if (!seededTables.Contains(fk.ReferencedTable) && !globalTables.Contains(fk.ReferencedTable))
            {
                continue;
            }

            for (var i = 0; i < fk.Columns.Count; i++)
            {
                if (fk.Columns[i] != tenantColumn && table.FindColumn(fk.Columns[i]) is { } column)
                {
                    parents.TryAdd(column.Name, new FromParent(column, fk, fk.ReferencedColumns[i]));
                }
            }
        }

        var canaryColumn = table.Columns.FirstOrDefault(c => IsCanaryCandidate(c, tenantColumn, parents, uniqueColumns))?.Name;
        return [.. table.Columns.Select(column => rules.TryGetValue($"{table.Name}.{column.Name}", out var rule)
            ? rule is ColumnRule.DefaultRule ? new Omitted(column) : new Ruled(column, rule)
            : Plan(table, column, tenantColumn, parents, uniqueColumns, canaryColumn))];
    }

    private static ColumnPlan Plan(
        TableInfo table, ColumnInfo column, string tenantColumn, Dictionary<string, ColumnPlan> parents, HashSet<string> uniqueColumns, string? canaryColumn)
    {
        if (column.IsGenerated)
        {
            return new Omitted(column);
        }

        if (column.Name == tenantColumn)
        {
            return new TenantId(column);
        }

        if (parents.TryGetValue(column.Name, out var parent))
        {
            return parent;
        }

        if (!column.NotNull && IsSoftDeleteMarker(column.Name))
        {
            return new Null(column);
        }

        if (!ValueGenerator.Supports(column))
        {
            return column.HasDefault ? new Omitted(column)
                : !column.NotNull ? new Null(column)
                : throw new SeedException(
                    $"cannot seed {table.Name}.{column.Name}: type '{column.DataType}' is not supported and the column is NOT NULL without a DEFAULT; " +
                    $"add a rule in harness.yaml (seed: rules: {{ {table.Name}.{column.Name}: {{ values: [...] }} }} or {{ useDefault: true }}), " +
                    $"or in C# (SeedOptions.Rules[\"{table.Name}.{column.Name}\"] = ColumnRule.OneOf(...) / ColumnRule.From(ctx => ...)), " +
                    "or declare the table global if it is not tenant data")
                {
                    Table = table.Name.Value,
                    Column = column.Name,
                };
        }

        var unique = uniqueColumns.Contains(column.Name) || table.PrimaryKey.Contains(column.Name);
        return new Generated(column, unique, column.Name == canaryColumn);
    }

    private static bool IsCanaryCandidate(ColumnInfo column, string tenantColumn, Dictionary<string, ColumnPlan> parents, HashSet<string> uniqueColumns) =>
        column.TypeName is "text" or "varchar"
        && column.EnumLabels.Count == 0
        && (column.MaxLength is null || column.MaxLength >= 48)
        && column.Name != tenantColumn
        && !parents.ContainsKey(column.Name)
        && !uniqueColumns.Contains(column.Name)
        && !column.Name.Contains("email", StringComparison.OrdinalIgnoreCase)
        && !column.Name.Contains("slug", StringComparison.OrdinalIgnoreCase)
        && column.Name is not ("role" or "kind" or "type" or "status");

    private static bool IsSoftDeleteMarker(string name) =>
        name is "deleted_at" or "archived_at" or "deleted" || name.EndsWith("_deleted_at", StringComparison.Ordinal);
}
