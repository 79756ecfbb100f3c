using System.Globalization;
using Harness.Ledger;
using Harness.Model;

namespace Harness.Seeders;

/// <summary>
/// One tenant's state while seeding: its randomizer, its id, the key columns of its rows that children point at
/// (only those, so memory stays bounded), and what goes into the ledger.
/// </summary>
internal sealed class TenantRows(int index, Random random)
{
    private readonly Dictionary<TableName, List<Dictionary<string, object?>>> parents = [];
    private readonly Dictionary<TableName, List<IReadOnlyList<string>>> keys = [];
    private readonly List<string> canaries = [];
    private readonly Dictionary<TableName, List<int>> deleted = [];

    public int Index { get; } = index;

    /// <summary>The tenant's own generator: seeded from (seed, tenant), so its rows do not depend on which connection loads it.</summary>
    public Random Random { get; } = random;

    /// <summary>The tenant's id, generated with the root row and reused for every tenant key.</summary>
    public object? Id { get; set; }

    /// <summary>A text of the root row, used as the tenant's display name in reports.</summary>
    public string? Name { get; set; }

    public void Keep(TableName table, Dictionary<string, object?> row)
    {
        if (!parents.TryGetValue(table, out var list))
        {
            parents[table] = list = [];
        }

        list.Add(row);
    }

    public IReadOnlyList<Dictionary<string, object?>>? RowsOf(TableName table) => parents.GetValueOrDefault(table);

    public void RecordKey(TableName table, IReadOnlyList<string> key, bool softDeleted = false)
    {
        if (!keys.TryGetValue(table, out var list))
        {
            keys[table] = list = [];
        }

        if (softDeleted)
        {
            if (!deleted.TryGetValue(table, out var rows))
            {
                deleted[table] = rows = [];
            }

            rows.Add(list.Count);
        }

        list.Add(key);
    }

    public string NextCanary(string runTag)
    {
        var token = CanaryToken.For(Index, canaries.Count + 1, runTag);
        canaries.Add(token);
        return token;
    }

    public SeededTenant ToLedger(IEnumerable<TablePlan> tables)
    {
        var all = tables.ToList();
        var parentRows = all.Where(t => t.IsOutsideParent).Select(Seeded).ToList();
        return new(Index, Text(Id), Name ?? $"tenant {Index}", [.. all.Where(t => !t.IsOutsideParent).Select(Seeded)], [.. canaries])
        {
            ParentRows = parentRows.Count == 0 ? null : parentRows,
        };
    }

    private SeededTable Seeded(TablePlan table) => new(table.Name.Value, table.Table.PrimaryKey, keys.GetValueOrDefault(table.Name) ?? [])
    {
        Deleted = deleted.GetValueOrDefault(table.Name) is { Count: > 0 } rows ? rows : null,
    };

    public static string Text(object? value) => value switch
    {
        null => "",
        DateTime time => time.ToString("O", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
