using Harness.Catalog;
using Harness.Model;
using Npgsql;

namespace Harness.Seeders;

/// <summary>Rows of the global tables (reference data from the migrations) that tenant rows may point at.</summary>
internal sealed class GlobalRows
{
    private readonly Dictionary<TableName, List<IReadOnlyDictionary<string, object?>>> rows = [];

    public IReadOnlyList<IReadOnlyDictionary<string, object?>>? RowsOf(TableName table) => rows.GetValueOrDefault(table);

    public static async Task<GlobalRows> ReadAsync(
        NpgsqlConnection connection, CatalogSnapshot catalog, IEnumerable<TableName> globalTables, CancellationToken cancellationToken)
    {
        const int limit = 1000;
        var result = new GlobalRows();
        foreach (var table in globalTables)
        {
            if (catalog.FindTable(table) is null)
            {
                continue;
            }

            var list = new List<IReadOnlyDictionary<string, object?>>();
            await using var command = new NpgsqlCommand($"SELECT * FROM {table.Quoted} LIMIT {limit}", connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var row = new Dictionary<string, object?>();
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                }

                list.Add(row);
            }

            result.rows[table] = list;
        }

        return result;
    }
}
