using Harness.Catalog;
using Harness.Model;

namespace Harness.Seeders;

/// <summary>Orders tables so that every table comes after the tables its foreign keys point at.</summary>
public static class TableOrder
{
    public static IReadOnlyList<TableInfo> ParentsFirst(IReadOnlyList<TableInfo> tables)
    {
        var byName = tables.ToDictionary(t => t.Name);
        var ordered = new List<TableInfo>();
        var state = new Dictionary<TableName, bool>(); // false: visiting, true: done
        foreach (var table in tables.OrderBy(t => t.Name.Value, StringComparer.Ordinal))
        {
            Visit(table, byName, state, ordered, []);
        }

        return ordered;
    }

    private static void Visit(
        TableInfo table, Dictionary<TableName, TableInfo> byName, Dictionary<TableName, bool> state, List<TableInfo> ordered, List<TableName> path)
    {
        if (state.TryGetValue(table.Name, out var done))
        {
            if (!done)
            {
                throw new SeedException(
                    $"foreign keys form a cycle ({string.Join(" -> ", path.Append(table.Name))}); make one of them nullable or DEFERRABLE and seed it with a custom rule")
                {
                    Table = table.Name.Value,
                };
            }

            return;
        }

        state[table.Name] = false;
        path.Add(table.Name);
        foreach (var fk in table.ForeignKeys.Where(fk => fk.ReferencedTable != table.Name))
        {
            if (byName.TryGetValue(fk.ReferencedTable, out var parent))
            {
                Visit(parent, byName, state, ordered, path);
            }
        }

        path.RemoveAt(path.Count - 1);
        state[table.Name] = true;
        ordered.Add(table);
    }
}
