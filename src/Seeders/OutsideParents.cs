using Harness.Catalog;
using Harness.Model;

namespace Harness.Seeders;

/// <summary>
/// Plans rows for tables outside the tenant set that tenant rows point at (<c>team_members.user_id → auth.users(id)</c>):
/// each such table gets one fresh row per row of the first tenant table that points at it (the membership table
/// first), so each tenant's members are distinct users; other foreign keys into it pick among the tenant's rows.
/// Only the columns it must fill are written (keys, referenced columns, NOT NULL columns without a DEFAULT).
/// When the seeder cannot fill such a table, a nullable foreign key is left null, and a NOT NULL one is refused
/// naming the foreign key, the column that stops it and the rule or <c>tenancy.global</c> entry to write.
/// </summary>
internal sealed class OutsideParents
{
    private OutsideParents()
    {
    }

    /// <summary>Foreign keys (by name) fed by an outside table, and that table's key in the seeder.</summary>
    public Dictionary<string, TableName> Sources { get; } = new(StringComparer.Ordinal);

    /// <summary>Foreign keys (by name) left null because their outside table cannot be filled.</summary>
    public HashSet<string> LeftNull { get; } = new(StringComparer.Ordinal);

    /// <summary>The plans of the outside tables, to load before the tenant tables.</summary>
    public List<TablePlan> Plans { get; } = [];

    /// <summary>Each outside table's key and the tenant table whose row count it follows.</summary>
    public Dictionary<TableName, TableName> Owners { get; } = [];

    /// <summary>Each outside table's key and the foreign key (table, name) that takes one fresh row per row.</summary>
    public Dictionary<TableName, (TableName Table, string ForeignKey)> OwnerKeys { get; } = [];

    public static OutsideParents Plan(
        IReadOnlyList<TableInfo> tenantTables, TenancyModel model, CatalogSnapshot catalog, ISet<TableName> globals,
        IReadOnlyDictionary<string, ColumnRule> rules, SeedOptions options)
    {
        var result = new OutsideParents();
        var seeded = tenantTables.Select(t => t.Name).ToHashSet();
        var byKey = new Dictionary<TableName, (TableInfo Table, HashSet<string> Referenced)>();
        var ownersFirst = tenantTables.OrderBy(t => t.Name == model.Membership ? 0 : 1).ToList();
        foreach (var table in ownersFirst)
        {
            var tenantColumn = model.TenantColumnOf(table.Name);
            foreach (var fk in table.ForeignKeys)
            {
                var inSchema = fk.ReferencedSchema is null || fk.ReferencedSchema == catalog.Schema;
                if ((inSchema && (seeded.Contains(fk.ReferencedTable) || globals.Contains(fk.ReferencedTable)))
                    || fk.Columns.All(c => c == tenantColumn || rules.ContainsKey($"{table.Name}.{c}")))
                {
                    continue;
                }

                var target = catalog.FindReferencedTable(fk);
                var key = target is null ? fk.ReferencedTable : new TableName(target.DisplayName);
                var reason = target is null
                    ? $"{Describe(fk)} is not in the catalog the seeder read"
                    : byKey.ContainsKey(key) ? null : Unfillable(target, fk, rules);
                if (reason is not null)
                {
                    if (fk.Columns.All(c => table.FindColumn(c) is not { NotNull: true }))
                    {
                        result.LeftNull.Add(fk.Name);
                        continue;
                    }

                    throw Refused(table, fk, reason);
                }

                if (!byKey.TryGetValue(key, out var entry))
                {
                    byKey[key] = entry = (target!, []);
                    result.Owners[key] = table.Name;
                    result.OwnerKeys[key] = (table.Name, fk.Name);
                }

                entry.Referenced.UnionWith(fk.ReferencedColumns);
                result.Sources[fk.Name] = key;
            }
        }

        foreach (var (key, (table, referenced)) in byKey)
        {
            var columns = PlanColumns(table, referenced, model, globals, rules);
            result.Plans.Add(new TablePlan(table, columns, referenced, options, key) { IsOutsideParent = true });
        }

        return result;
    }

    /// <summary>Why the seeder cannot fill a row of <paramref name="table"/>, or null when it can.</summary>
    private static string? Unfillable(TableInfo table, ForeignKeyInfo fk, IReadOnlyDictionary<string, ColumnRule> rules)
    {
        foreach (var own in table.ForeignKeys)
        {
            foreach (var name in own.Columns)
            {
                if (table.FindColumn(name) is { NotNull: true, HasDefault: false, IsGenerated: false } && !rules.ContainsKey($"{table.Name}.{name}"))
                {
                    return $"{table.DisplayName}.{name} is NOT NULL without a DEFAULT and references {Describe(own)}";
                }
            }
        }

        var required = table.Columns.Where(c => Required(table, c, fk.ReferencedColumns) && !rules.ContainsKey($"{table.Name}.{c.Name}"));
        if (required.FirstOrDefault(c => c.EnumLabels.Count == 0 && !ValueGenerator.Supports(c)) is { } column)
        {
            return $"{table.DisplayName}.{column.Name} is NOT NULL without a DEFAULT and of type '{column.DataType}', which the seeder cannot make " +
                $"(a rule {table.Name}.{column.Name}: {{ values: [...] }} fills it)";
        }

        return null;
    }

    private static bool Required(TableInfo table, ColumnInfo column, IEnumerable<string> referenced) =>
        !column.IsGenerated
        && ((column.NotNull && !column.HasDefault) || table.PrimaryKey.Contains(column.Name) || referenced.Contains(column.Name));

    private static List<ColumnPlan> PlanColumns(
        TableInfo table, HashSet<string> referenced, TenancyModel model, ISet<TableName> globals, IReadOnlyDictionary<string, ColumnRule> rules)
    {
        var foreignKeyColumns = table.ForeignKeys.SelectMany(f => f.Columns).ToHashSet();
        var plans = ColumnPlan.For(table, model, new ColumnPlan.Parents("", new HashSet<TableName>(), globals, new Dictionary<string, TableName>()), rules);
        return [.. plans.Select(plan => plan switch
        {
            ColumnPlan.Ruled or ColumnPlan.Omitted => plan,
            _ when foreignKeyColumns.Contains(plan.Column.Name) => plan.Column.HasDefault ? new ColumnPlan.Omitted(plan.Column) : new ColumnPlan.Null(plan.Column),
            _ when Required(table, plan.Column, referenced) => plan,
            ColumnPlan.Generated { Column.TypeName: "text" or "varchar" or "citext" } g
                when g.Column.Name.Contains("email", StringComparison.OrdinalIgnoreCase) || g.Column.Name.Contains("name", StringComparison.OrdinalIgnoreCase) => plan,
            _ => plan.Column.HasDefault || !plan.Column.NotNull ? new ColumnPlan.Omitted(plan.Column) : plan,
        })];
    }

    private static string Describe(ForeignKeyInfo fk) =>
        $"{(fk.ReferencedSchema is { } schema ? schema + "." : "")}{fk.ReferencedTable}({string.Join(", ", fk.ReferencedColumns)})";

    private static SeedException Refused(TableInfo table, ForeignKeyInfo fk, string reason)
    {
        var column = fk.Columns[0];
        var parent = $"{(fk.ReferencedSchema is { } schema ? schema + "." : "")}{fk.ReferencedTable}";
        return new SeedException(
            $"cannot seed {table.Name}.{string.Join(", ", fk.Columns)} → {Describe(fk)} (foreign key {fk.Name}): " +
            $"{parent} is outside the tenant set and the seeder cannot add rows to it: {reason}. " +
            $"Give the column existing ids with a rule in harness.yaml (seed: rules: {{ {table.Name}.{column}: {{ values: [<ids from {parent}>] }} }}), " +
            $"or, if {parent} is shared reference data with rows of its own, declare it global (tenancy: global: [{fk.ReferencedTable}])")
        {
            Table = table.Name.Value,
            Column = column,
        };
    }
}
