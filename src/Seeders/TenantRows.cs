using Harness.Ledger;
using System.Globalization;
using Bogus;
using Harness.Catalog;
using Harness.Model;

namespace Harness.Seeders;

/// <summary>The rows generated for one tenant so far: parents for its children's foreign keys, and the ledger entry.</summary>
internal sealed class TenantRows(int index, Faker faker)
{
    private readonly Dictionary<TableName, List<IReadOnlyDictionary<string, object?>>> rows = [];
    private readonly List<string> canaries = [];

    public int Index { get; } = index;

    public Faker Faker { get; } = faker;

    /// <summary>The tenant's id, generated with the root row and reused for every tenant key.</summary>
    public object? Id { get; set; }

    public void Add(TableName table, IReadOnlyDictionary<string, object?> row)
    {
        if (!rows.TryGetValue(table, out var list))
        {
            rows[table] = list = [];
        }

        list.Add(row);
    }

    public IReadOnlyList<IReadOnlyDictionary<string, object?>>? RowsOf(TableName table) => rows.GetValueOrDefault(table);

    public string NextCanary(string runTag)
    {
        var token = CanaryToken.For(Index, canaries.Count + 1, runTag);
        canaries.Add(token);
        return token;
    }

    public SeededTenant ToLedger(TenancyModel model, IReadOnlyList<TableInfo> tables)
    {
        var root = RowsOf(model.Root) is [var first, ..] ? first : null;
        var name = root?.Values.OfType<string>().FirstOrDefault() ?? $"tenant {Index}";
        return new SeededTenant(
            Index,
            Text(Id),
            name,
            [.. tables.Select(t => new SeededTable(
                t.Name.Value,
                t.PrimaryKey,
                [.. (RowsOf(t.Name) ?? []).Select(r => (IReadOnlyList<string>)[.. t.PrimaryKey.Select(k => Text(r.GetValueOrDefault(k)))])]))],
            [.. canaries]);
    }

    private static string Text(object? value) => value switch
    {
        null => "",
        DateTime time => time.ToString("O", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
