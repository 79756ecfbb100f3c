using System.Data;
using Harness.Catalog;
using Harness.Model;
using Harness.Provisioning;
using Harness.Sql;
using Npgsql;

namespace Harness.Probing;

/// <summary>
/// Per-tenant checksums of tenant tables (<see cref="TenantChecksum"/>), computed in PostgreSQL: per table one query
/// grouped by the tenant key, hashing each row with <c>hashtextextended(row::text, 0)</c> and summing as numeric (no
/// overflow). Read-only: it opens its own read-only session and reads every table in one REPEATABLE READ transaction,
/// so all checksums are of one snapshot; SELECT on the tables is the only right it needs.
/// </summary>
public static class TenantChecksums
{
    private const string ApplicationName = "harness checksums";

    /// <summary>The checksums of <paramref name="tables"/> in <paramref name="schema"/>, all keyed by <paramref name="tenantColumn"/>:
    /// table by table in the order given, tenants in text order.</summary>
    public static Task<IReadOnlyList<TenantChecksum>> ReadAsync(
        string connectionString, string schema, string tenantColumn, IEnumerable<TableName> tables, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantColumn);
        ArgumentNullException.ThrowIfNull(tables);
        return ReadAsync(connectionString, schema, [.. tables.Select(t => (t, tenantColumn))], cancellationToken);
    }

    /// <summary>The checksums of the model's tenant tables, each keyed by its own tenant column (the root by its key).</summary>
    public static Task<IReadOnlyList<TenantChecksum>> ReadAsync(
        string connectionString, string schema, TenancyModel model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        return ReadAsync(connectionString, schema, [.. model.TenantTables.Select(t => (t, model.TenantColumnOf(t)))], cancellationToken);
    }

    /// <summary>The (table, tenant) entries that differ between two readings, or that only one of them has.</summary>
    public static IReadOnlyList<(TableName Table, string? TenantId)> Changed(IEnumerable<TenantChecksum> before, IEnumerable<TenantChecksum> after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var old = before.ToDictionary(c => (c.Table, c.TenantId));
        var now = after.ToDictionary(c => (c.Table, c.TenantId));
        return [.. old.Keys.Union(now.Keys).Where(k => !old.TryGetValue(k, out var earlier) || !now.TryGetValue(k, out var later) || earlier != later)];
    }

    /// <summary>
    /// The statement for one table: tenant, row count, key hash (NULL without a primary key), row hash. Public so every
    /// digest of the harness (checksums, snapshots) and its benchmark's reference run one hashing formula.
    /// </summary>
    public static string Query(string schema, TableName table, string tenantColumn, IReadOnlyList<string> primaryKey)
    {
        var tenant = "r." + SqlIdentifier.Quote(tenantColumn);
        var keyHash = primaryKey.Count == 0
            ? "NULL::numeric"
            : $"sum(hashtextextended(ROW({string.Join(", ", primaryKey.Select(c => "r." + SqlIdentifier.Quote(c)))})::text, 0))";
        return $"SELECT {tenant}::text, count(*), {keyHash}, sum(hashtextextended(ROW(r.*)::text, 0)) "
            + $"FROM {SqlIdentifier.Quote(schema, table.Value)} AS r GROUP BY {tenant} ORDER BY 1";
    }

    private static async Task<IReadOnlyList<TenantChecksum>> ReadAsync(
        string connectionString, string schema, IReadOnlyList<(TableName Table, string TenantColumn)> tables, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(schema);
        await using var connection = new NpgsqlConnection(PostgresConnectionString.ReadOnly(connectionString, ApplicationName));
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        var primaryKeys = await CatalogReader.ReadPrimaryKeysAsync(connection, schema, cancellationToken);
        var checksums = new List<TenantChecksum>();
        foreach (var (table, tenantColumn) in tables)
        {
            var sql = Query(schema, table, tenantColumn, primaryKeys.GetValueOrDefault(table) ?? []);
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                checksums.Add(new TenantChecksum(
                    table,
                    reader.IsDBNull(0) ? null : reader.GetString(0),
                    reader.GetInt64(1),
                    reader.IsDBNull(2) ? null : reader.GetDecimal(2),
                    reader.GetDecimal(3)));
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return checksums;
    }
}
