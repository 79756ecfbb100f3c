using Harness.Catalog;

namespace Harness.Drills.Move;

/// <summary>
/// Every table of a schema that holds a tenant's rows, computed from the catalog (never from names): the root by its key,
/// every table with the tenant key column, and every table reached from those through foreign keys only (a child table
/// without the tenant key, tied to its tenant by its parent). Partitions are left out (their parent covers their rows),
/// and so are the tables declared global. <see cref="InForeignKeyOrder"/> lists parents before children.
/// </summary>
public sealed class TenantTables
{
    private static readonly StringComparer Ordinal = StringComparer.Ordinal;

    private TenantTables(MoveTenancy tenancy, IReadOnlyList<TenantTable> ordered)
    {
        Tenancy = tenancy;
        InForeignKeyOrder = ordered;
    }

    public MoveTenancy Tenancy { get; }

    /// <summary>The tenant tables, each after every tenant table it references (cycles broken by name).</summary>
    public IReadOnlyList<TenantTable> InForeignKeyOrder { get; }

    /// <summary>The tenant tables of <paramref name="catalog"/> for <paramref name="tenancy"/>.</summary>
    /// <exception cref="TenantDataException">The root table or its key column is not in the schema.</exception>
    public static TenantTables From(CatalogSnapshot catalog, MoveTenancy tenancy)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(tenancy);
        var candidates = catalog.Tables
            .Where(t => t.PartitionOf is null && !tenancy.Global.Contains(t.Name.Value))
            .ToDictionary(t => t.Name.Value, Ordinal);
        if (!candidates.TryGetValue(tenancy.Root, out var root) || root.FindColumn(tenancy.RootKey) is null)
        {
            throw new TenantDataException(
                $"The tenants' table '{tenancy.Root}' with key column '{tenancy.RootKey}' is not in schema '{catalog.Schema}': "
                + "name the schema that holds the tenant tables (--schema), and the root table and its key as they are spelled there.");
        }

        var tables = new Dictionary<string, TenantTable>(Ordinal)
        {
            [root.Name.Value] = new(root.Name.Value, root.PrimaryKey, [], tenancy.RootKey) { Columns = Copied(root) },
        };
        foreach (var table in candidates.Values.Where(t => t.FindColumn(tenancy.TenantKey) is not null && !tables.ContainsKey(t.Name.Value)))
        {
            tables[table.Name.Value] = new TenantTable(table.Name.Value, table.PrimaryKey, [], tenancy.TenantKey) { Columns = Copied(table) };
        }

        // Level by level, so each reached table takes the shortest chain to a table that names the tenant.
        while (true)
        {
            var reached = new List<TenantTable>();
            foreach (var table in candidates.Values.Where(t => !tables.ContainsKey(t.Name.Value)).OrderBy(t => t.Name.Value, Ordinal))
            {
                var link = table.ForeignKeys
                    .Where(f => (f.ReferencedSchema is null || f.ReferencedSchema == catalog.Schema) && tables.ContainsKey(f.ReferencedTable.Value))
                    .OrderBy(f => tables[f.ReferencedTable.Value].Path.Count).ThenBy(f => f.Name, Ordinal)
                    .FirstOrDefault();
                if (link is not null)
                {
                    var parent = tables[link.ReferencedTable.Value];
                    reached.Add(new TenantTable(
                        table.Name.Value, table.PrimaryKey,
                        [new TenantLink(link.Name, link.Columns, parent.Name, link.ReferencedColumns), .. parent.Path],
                        parent.TenantColumn) { Columns = Copied(table) });
                }
            }

            if (reached.Count == 0)
            {
                break;
            }

            foreach (var table in reached)
            {
                tables[table.Name] = table;
            }
        }

        return new TenantTables(tenancy, Order(tables, candidates));
    }

    private static List<string> Copied(TableInfo table) =>
        [.. table.Columns.Where(c => !c.IsGenerated).OrderBy(c => c.Ordinal).Select(c => c.Name)];

    /// <summary>Kahn's order over the foreign keys between tenant tables (self references ignored), ties and cycles by name.</summary>
    private static List<TenantTable> Order(Dictionary<string, TenantTable> tables, Dictionary<string, TableInfo> catalog)
    {
        var parents = tables.Keys.ToDictionary(
            name => name,
            name => catalog[name].ForeignKeys.Select(f => f.ReferencedTable.Value).Where(p => p != name && tables.ContainsKey(p)).ToHashSet(Ordinal),
            Ordinal);
        var ordered = new List<TenantTable>();
        var left = new SortedSet<string>(tables.Keys, Ordinal);
        while (left.Count > 0)
        {
            var next = left.FirstOrDefault(n => parents[n].All(p => !left.Contains(p))) ?? left.Min!;
            left.Remove(next);
            ordered.Add(tables[next]);
        }

        return ordered;
    }
}
