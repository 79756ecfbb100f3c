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
    public sealed record Generated(ColumnInfo Column, bool Unique, bool Canary) : ColumnPlan(Column)
    {
        /// <summary>What the column's checks allow (ranges, lengths, a pattern), or null when nothing restricts it.</summary>
        public ColumnConstraint? Constraint { get; init; }
    }

    /// <summary>Always null (nullable columns of types the seeder cannot make, foreign keys it leaves empty).</summary>
    public sealed record Null(ColumnInfo Column) : ColumnPlan(Column);

    /// <summary>A soft-delete marker (<c>deleted_at</c>, <c>is_deleted</c>...): set on the rows seeded deleted, else null or false.</summary>
    public sealed record SoftDelete(ColumnInfo Column) : ColumnPlan(Column);

    /// <summary>Left out of the insert: generated columns, and defaults of types the seeder cannot make.</summary>
    public sealed record Omitted(ColumnInfo Column) : ColumnPlan(Column);

    /// <summary>Filled by a user's rule (<see cref="SeedOptions.Rules"/>) or from a CHECK's list of values.</summary>
    public sealed record Ruled(ColumnInfo Column, ColumnRule Rule) : ColumnPlan(Column);

    /// <summary>Where each foreign key of a table gets its parent rows.</summary>
    /// <param name="Schema">The schema being seeded: a foreign key into another schema never points at a tenant table.</param>
    /// <param name="OutsideParents">Foreign keys (by name) fed by rows the seeder adds to a table outside the tenant set, and that table's key.</param>
    public sealed record Parents(
        string Schema, ISet<TableName> SeededTables, ISet<TableName> GlobalTables, IReadOnlyDictionary<string, TableName> OutsideParents)
    {
        public bool InSchema(ForeignKeyInfo fk) => fk.ReferencedSchema is null || fk.ReferencedSchema == Schema;
    }

    public static IReadOnlyList<ColumnPlan> For(
        TableInfo table, TenancyModel model, ISet<TableName> seededTables, ISet<TableName> globalTables, IReadOnlyDictionary<string, ColumnRule> rules) =>
        For(table, model, new Parents("", seededTables, globalTables, new Dictionary<string, TableName>()), rules);

    public static IReadOnlyList<ColumnPlan> For(TableInfo table, TenancyModel model, Parents sources, IReadOnlyDictionary<string, ColumnRule> rules)
    {
        var tenantColumn = model.TenantColumnOf(table.Name);
        var uniqueColumns = table.Indexes.Where(i => i.IsUnique && !i.IsPrimary).SelectMany(i => i.Columns).ToHashSet();
        var parents = new Dictionary<string, ColumnPlan>();
        foreach (var fk in table.ForeignKeys.Where(fk => fk.ReferencedTable != table.Name || !sources.InSchema(fk)))
        {
            var target = sources.OutsideParents.TryGetValue(fk.Name, out var outside) ? fk with { ReferencedTable = outside }
                : sources.InSchema(fk) && (sources.SeededTables.Contains(fk.ReferencedTable) || sources.GlobalTables.Contains(fk.ReferencedTable)) ? fk
                : null;
            if (target is null)
            {
                continue;
            }

            for (var i = 0; i < fk.Columns.Count; i++)
            {
                if (fk.Columns[i] != tenantColumn && table.FindColumn(fk.Columns[i]) is { } column)
                {
                    parents.TryAdd(column.Name, new FromParent(column, target, fk.ReferencedColumns[i]));
                }
            }
        }

        var constraints = table.Columns.ToDictionary(c => c.Name, c => ColumnConstraint.For(table, c));
        var canaryColumn = table.Columns.FirstOrDefault(c => IsCanaryCandidate(c, tenantColumn, parents, uniqueColumns, constraints[c.Name]))?.Name;
        return [.. table.Columns.Select(column => rules.TryGetValue($"{table.Name}.{column.Name}", out var rule)
            ? rule is ColumnRule.DefaultRule ? new Omitted(column) : new Ruled(column, rule)
            : Plan(table, column, tenantColumn, parents, uniqueColumns, canaryColumn, constraints[column.Name]))];
    }

    private static ColumnPlan Plan(
        TableInfo table, ColumnInfo column, string tenantColumn, Dictionary<string, ColumnPlan> parents, HashSet<string> uniqueColumns,
        string? canaryColumn, ColumnConstraint constraint)
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

        if (SoftDeleteColumns.IsMarker(column))
        {
            return new SoftDelete(column);
        }

        if (!column.NotNull && SoftDeleteColumns.IsNamedLikeOne(column.Name))
        {
            return new Null(column);
        }

        if (constraint.AllowedValues is { } allowed)
        {
            return allowed.Count == 0
                ? throw new SeedException(
                    $"cannot seed {table.DisplayName}.{column.Name}: its checks allow no value in common; " +
                    $"add a rule in harness.yaml: seed: rules: {{ {table.Name}.{column.Name}: {{ values: [...] }} }}")
                { Table = table.DisplayName, Column = column.Name }
                : new Ruled(column, new ColumnRule.OneOfRule([.. allowed]) { FromCheck = constraint.ListCheck });
        }

        if (!ValueGenerator.Supports(column))
        {
            return column.HasDefault ? new Omitted(column)
                : !column.NotNull ? new Null(column)
                : throw new SeedException(
                    $"cannot seed {table.DisplayName}.{column.Name}: type '{column.DataType}' is not supported and the column is NOT NULL without a DEFAULT; " +
                    $"add a rule in harness.yaml (seed: rules: {{ {table.Name}.{column.Name}: {{ values: [...] }} }} or {{ useDefault: true }}), " +
                    $"or in C# (SeedOptions.Rules[\"{table.Name}.{column.Name}\"] = ColumnRule.OneOf(...) / ColumnRule.From(ctx => ...)), " +
                    "or declare the table global if it is not tenant data")
                {
                    Table = table.DisplayName,
                    Column = column.Name,
                };
        }

        var unique = uniqueColumns.Contains(column.Name) || table.PrimaryKey.Contains(column.Name);
        return new Generated(column, unique, column.Name == canaryColumn) { Constraint = constraint.IsEmpty ? null : constraint };
    }

    private static bool IsCanaryCandidate(
        ColumnInfo column, string tenantColumn, Dictionary<string, ColumnPlan> parents, HashSet<string> uniqueColumns, ColumnConstraint constraint) =>
        column.TypeName is "text" or "varchar"
        && column.EnumLabels.Count == 0
        && (column.MaxLength is null || column.MaxLength >= 48)
        && (constraint.MaxLength is null || constraint.MaxLength >= 48)
        && constraint.AllowedValues is null
        && constraint.Pattern is null
        && column.Name != tenantColumn
        && !parents.ContainsKey(column.Name)
        && !uniqueColumns.Contains(column.Name)
        && !SoftDeleteColumns.IsNamedLikeOne(column.Name)
        && !column.Name.Contains("email", StringComparison.OrdinalIgnoreCase)
        && !column.Name.Contains("slug", StringComparison.OrdinalIgnoreCase)
        && column.Name is not ("role" or "kind" or "type" or "status");
}
