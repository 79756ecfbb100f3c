using Harness.Model;
using Npgsql;

namespace Harness.Catalog;

/// <summary>What the seeder reads besides the tables themselves: domain checks, triggers and tables of other schemas.</summary>
public static partial class CatalogReader
{
    private static async Task<Dictionary<TableName, List<CheckInfo>>> ReadDomainChecksAsync(
        NpgsqlConnection connection, string schema, CancellationToken cancellationToken)
    {
        var result = new Dictionary<TableName, List<CheckInfo>>();
        var rows = await ReadRowsAsync(
            connection, CatalogQueries.DomainChecks, schema,
            r => (Table: new TableName(r.GetString(0)), Check: new CheckInfo(r.GetString(2), [r.GetString(1)], r.GetString(3))),
            cancellationToken);
        foreach (var (table, check) in rows)
        {
            Add(result, table, check);
        }

        return result;
    }

    private static async Task<Dictionary<TableName, List<TriggerInfo>>> ReadTriggersAsync(
        NpgsqlConnection connection, string schema, CancellationToken cancellationToken)
    {
        var result = new Dictionary<TableName, List<TriggerInfo>>();
        var rows = await ReadRowsAsync(
            connection, CatalogQueries.Triggers, schema,
            r => (Table: new TableName(r.GetString(0)), Trigger: new TriggerInfo(r.GetString(1), r.GetString(2), r.GetString(3))),
            cancellationToken);
        foreach (var (table, trigger) in rows)
        {
            Add(result, table, trigger);
        }

        return result;
    }

    /// <summary>
    /// Reads the tables of other schemas that <paramref name="foreignKeys"/> point at (columns, types, primary key,
    /// foreign keys, unique indexes, checks), with the same queries as the schema's own tables.
    /// </summary>
    internal static async Task<List<TableInfo>> ReadReferencedTablesAsync(
        NpgsqlConnection connection, string schema, IEnumerable<ForeignKeyInfo> foreignKeys, CancellationToken cancellationToken)
    {
        var result = new List<TableInfo>();
        var bySchema = foreignKeys
            .Where(fk => fk.ReferencedSchema is { } other && other != schema)
            .GroupBy(fk => fk.ReferencedSchema!, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var group in bySchema)
        {
            var other = group.Key;
            var columns = await ReadColumnsAsync(connection, other, cancellationToken);
            var primaryKeys = await ReadPrimaryKeysAsync(connection, other, cancellationToken);
            var ownForeignKeys = await ReadForeignKeysAsync(connection, other, cancellationToken);
            var indexes = await ReadIndexesAsync(connection, other, cancellationToken);
            var checks = await ReadChecksAsync(connection, other, cancellationToken);
            var domainChecks = await ReadDomainChecksAsync(connection, other, cancellationToken);
            foreach (var name in group.Select(fk => fk.ReferencedTable).Distinct().OrderBy(n => n.Value, StringComparer.Ordinal))
            {
                if (!columns.TryGetValue(name, out var tableColumns))
                {
                    continue;
                }

                result.Add(new TableInfo(
                    name, "", false, false, tableColumns, primaryKeys.GetValueOrDefault(name, []), ownForeignKeys.GetValueOrDefault(name, []),
                    indexes.GetValueOrDefault(name, []), [])
                {
                    Schema = other,
                    Checks = checks.GetValueOrDefault(name, []),
                    DomainChecks = domainChecks.GetValueOrDefault(name, []),
                });
            }
        }

        return result;
    }
}
