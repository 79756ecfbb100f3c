using System.Data;
using Harness.Provisioning;
using Harness.Sql;
using Npgsql;

namespace Harness.Drills.Verify;

/// <summary>
/// Names the primary keys behind a differing digest: for each differing (table, tenant) it reads (tenant, key, row hash) from
/// the restored database and from a reference database holding the expected state, both read-only with row security off,
/// one statement per table for all its differing tenants, and compares them. A key missing under one tenant and extra under
/// another is a row that moved between tenants.
/// </summary>
internal static class KeyComparer
{
    private const string ApplicationName = "harness verify-restore keys";

    private const string PrimaryKeys = """
        SELECT c.relname, array_agg(a.attname::text ORDER BY k.ord)
        FROM pg_index i
        JOIN pg_class c ON c.oid = i.indrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
        WHERE i.indisprimary AND n.nspname = @schema
        GROUP BY c.relname
        """;

    /// <summary>Compares the (table, tenant) pairs of <paramref name="pairs"/>; <paramref name="keyColumns"/> names each table's tenant column.</summary>
    public static async Task<IReadOnlyList<KeyComparison>> CompareAsync(
        string restored, string reference, string schema, IReadOnlyDictionary<string, string> keyColumns,
        IReadOnlyCollection<(string Table, string? TenantId)> pairs, int maxKeys, CancellationToken cancellationToken)
    {
        var expectedRows = await ReadAsync(reference, schema, keyColumns, pairs, cancellationToken);
        var restoredRows = await ReadAsync(restored, schema, keyColumns, pairs, cancellationToken);
        var result = new List<KeyComparison>();
        foreach (var table in pairs.Select(p => p.Table).Distinct(StringComparer.Ordinal))
        {
            if (!expectedRows.TryGetValue(table, out var before) || !restoredRows.TryGetValue(table, out var after))
            {
                result.AddRange(pairs.Where(p => p.Table == table).Select(p => new KeyComparison(table, p.TenantId, [], 0, Keyless: true)));
                continue;
            }

            result.AddRange(Compare(table, pairs.Where(p => p.Table == table).Select(p => p.TenantId), before, after, maxKeys));
        }

        return result;
    }

    private static IEnumerable<KeyComparison> Compare(
        string table, IEnumerable<string?> tenants, List<KeyRow> before, List<KeyRow> after, int maxKeys)
    {
        var expectedByKey = before.GroupBy(r => r.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var restoredByKey = after.GroupBy(r => r.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        foreach (var tenant in tenants)
        {
            var expected = before.Where(r => r.TenantId == tenant).ToDictionary(r => r.Key, StringComparer.Ordinal);
            var restored = after.Where(r => r.TenantId == tenant).ToDictionary(r => r.Key, StringComparer.Ordinal);
            var differences = new List<KeyDifference>();
            foreach (var (key, row) in expected.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                if (!restored.TryGetValue(key, out var now))
                {
                    var elsewhere = restoredByKey.GetValueOrDefault(key)?.FirstOrDefault(r => r.TenantId != tenant);
                    differences.Add(new KeyDifference(table, tenant, KeyDifferenceKind.Missing, key) { OtherTenant = elsewhere?.TenantId });
                }
                else if (now.RowHash != row.RowHash)
                {
                    differences.Add(new KeyDifference(table, tenant, KeyDifferenceKind.Changed, key));
                }
            }

            foreach (var key in restored.Keys.Where(k => !expected.ContainsKey(k)).Order(StringComparer.Ordinal))
            {
                var origin = expectedByKey.GetValueOrDefault(key)?.FirstOrDefault(r => r.TenantId != tenant);
                differences.Add(new KeyDifference(table, tenant, KeyDifferenceKind.Extra, key) { OtherTenant = origin?.TenantId });
            }

            yield return new KeyComparison(table, tenant, [.. differences.Take(maxKeys)], differences.Count, Keyless: false);
        }
    }

    /// <summary>Per table with a primary key: the rows of the asked tenants (tables without one are left out).</summary>
    private static async Task<Dictionary<string, List<KeyRow>>> ReadAsync(
        string connectionString, string schema, IReadOnlyDictionary<string, string> keyColumns,
        IReadOnlyCollection<(string Table, string? TenantId)> pairs, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(PostgresConnectionString.ReadOnly(connectionString, ApplicationName));
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        await using (var off = new NpgsqlCommand("SET LOCAL row_security = off", connection))
        {
            await off.ExecuteNonQueryAsync(cancellationToken);
        }

        var primaryKeys = new Dictionary<string, string[]>(StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand(PrimaryKeys, connection))
        {
            command.Parameters.AddWithValue("schema", schema);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                primaryKeys[reader.GetString(0)] = reader.GetFieldValue<string[]>(1);
            }
        }

        var result = new Dictionary<string, List<KeyRow>>(StringComparer.Ordinal);
        foreach (var group in pairs.GroupBy(p => p.Table, StringComparer.Ordinal))
        {
            if (!primaryKeys.TryGetValue(group.Key, out var primaryKey) || !keyColumns.TryGetValue(group.Key, out var keyColumn))
            {
                continue;
            }

            result[group.Key] = await ReadTableAsync(connection, schema, group.Key, keyColumn, primaryKey, [.. group.Select(p => p.TenantId)], cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    private static async Task<List<KeyRow>> ReadTableAsync(
        NpgsqlConnection connection, string schema, string table, string keyColumn, string[] primaryKey, List<string?> tenants,
        CancellationToken cancellationToken)
    {
        var tenant = "r." + SqlIdentifier.Quote(keyColumn);
        var key = primaryKey.Length == 1
            ? $"r.{SqlIdentifier.Quote(primaryKey[0])}::text"
            : $"ROW({string.Join(", ", primaryKey.Select(c => "r." + SqlIdentifier.Quote(c)))})::text";
        var nullTenant = tenants.Contains(null) ? $" OR {tenant} IS NULL" : "";
        var sql = $"SELECT {tenant}::text, {key}, hashtextextended(ROW(r.*)::text, 0) FROM {SqlIdentifier.Quote(schema, table)} AS r "
            + $"WHERE {tenant}::text = ANY(@tenants){nullTenant}";
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("tenants", tenants.OfType<string>().ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<KeyRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new KeyRow(reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        }

        return rows;
    }

    private sealed record KeyRow(string? TenantId, string Key, long RowHash);
}
