using Harness.Catalog;
using Harness.Ledger;
using Harness.Model;
using Harness.Probing;
using Harness.Sql;
using Npgsql;

namespace Harness.Snapshots;

/// <summary>
/// The data of a snapshot: per tenant table and tenant, the digest <see cref="TenantChecksums"/> computes (the same
/// statement, so there is one hashing formula), and where each canary token sits.
/// </summary>
public static partial class SnapshotReader
{
    /// <summary>
    /// The tables digested and the column each is grouped by: every table with the tenant key that is not a partition
    /// (a partitioned parent's digest covers its partitions' rows once), and the root by its own key.
    /// </summary>
    private static List<(string Table, string KeyColumn)> DigestedTables(
        SecurityCatalog security, IReadOnlyList<(ColumnSnapshot Column, bool Textual)> columns, SnapshotScope scope)
    {
        var topLevel = security.Tables.Where(t => t.PartitionOf is null).Select(t => t.Name).ToHashSet(Ordinal);
        var result = new List<(string Table, string KeyColumn)>();
        if (scope.TenantKey is { } key)
        {
            result.AddRange(columns
                .Where(c => c.Column.Name == key && topLevel.Contains(c.Column.Table))
                .Select(c => (c.Column.Table, key)));
        }

        if (scope.Root is { } root)
        {
            if (!columns.Any(c => c.Column.Table == root.Table && c.Column.Name == root.KeyColumn))
            {
                throw new SnapshotException(
                    $"The tenants' table '{root.Table}' with key column '{root.KeyColumn}' is not in the snapshot's schema: "
                    + "name a table of that schema and one of its columns, or leave the root out.");
            }

            if (!result.Any(t => t.Table == root.Table))
            {
                result.Add((root.Table, root.KeyColumn));
            }
        }

        return [.. result.OrderBy(t => t.Table, Ordinal)];
    }

    /// <summary>The tables searched for canaries (those with a column that can hold text) and the column naming each row's tenant, if any.</summary>
    private static List<(string Table, string? KeyColumn)> CanaryTables(
        SecurityCatalog security, IReadOnlyList<(ColumnSnapshot Column, bool Textual)> columns, SnapshotScope scope) =>
        [.. security.Tables
            .Where(t => t.PartitionOf is null && columns.Any(c => c.Column.Table == t.Name && c.Textual))
            .Select(t => (t.Name, KeyColumn:
                scope.TenantKey is { } key && columns.Any(c => c.Column.Table == t.Name && c.Column.Name == key) ? key
                : scope.Root is { } root && root.Table == t.Name ? root.KeyColumn
                : null))];

    private static async Task<List<TenantTableDigest>> ReadDigestsAsync(
        NpgsqlConnection connection, string schema, List<(string Table, string KeyColumn)> tables, CancellationToken cancellationToken)
    {
        var primaryKeys = await CatalogReader.ReadPrimaryKeysAsync(connection, schema, cancellationToken);
        var digests = new List<TenantTableDigest>();
        foreach (var (table, keyColumn) in tables)
        {
            var name = new TableName(table);
            var sql = TenantChecksums.Query(schema, name, keyColumn, primaryKeys.GetValueOrDefault(name) ?? []);
            await using var command = new NpgsqlCommand(sql, connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var rows = new List<TenantTableDigest>();
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(new TenantTableDigest(
                    table,
                    NullableString(reader, 0),
                    reader.GetInt64(1),
                    reader.IsDBNull(2) ? null : reader.GetDecimal(2),
                    reader.GetDecimal(3)));
            }

            digests.AddRange(rows.OrderBy(d => d.TenantId is null).ThenBy(d => d.TenantId, Ordinal));
        }

        return digests;
    }

    private static async Task<List<CanaryPlacement>> ReadCanariesAsync(
        NpgsqlConnection connection, string schema, List<(string Table, string? KeyColumn)> tables, IReadOnlyCollection<string> tokens,
        CancellationToken cancellationToken)
    {
        // The server cuts the tokens out of the rows' text and keeps the wanted ones: a seeded table can have a canary in every
        // row, and sending every row's text to be searched here took most of a snapshot's time at a million rows.
        var wanted = tokens.Distinct(Ordinal).ToArray();
        var placements = new List<CanaryPlacement>();
        foreach (var (table, keyColumn) in tables)
        {
            var tenant = keyColumn is null ? "NULL::text" : $"r.{SqlIdentifier.Quote(keyColumn)}::text";
            var sql = $"SELECT {tenant}, m[1] FROM {SqlIdentifier.Quote(schema, table)} AS r, "
                + "LATERAL regexp_matches(ROW(r.*)::text, @token, 'g') AS m "
                + "WHERE strpos(ROW(r.*)::text, @prefix) > 0 AND m[1] = ANY(@wanted)";
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddWithValue("token", CanaryToken.Prefix + "[A-Za-z0-9-]*");
            command.Parameters.AddWithValue("prefix", CanaryToken.Prefix);
            command.Parameters.AddWithValue("wanted", wanted);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                placements.Add(new CanaryPlacement(reader.GetString(1), table, NullableString(reader, 0)));
            }
        }

        return [.. placements
            .OrderBy(p => p.Token, Ordinal).ThenBy(p => p.Table, Ordinal).ThenBy(p => p.TenantId is null).ThenBy(p => p.TenantId, Ordinal)];
    }
}
