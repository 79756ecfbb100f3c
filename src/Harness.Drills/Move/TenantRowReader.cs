using System.Data;
using Harness.Catalog;
using Harness.Provisioning;
using Npgsql;

namespace Harness.Drills.Move;

/// <summary>
/// Reads one tenant's rows of every tenant table: count and hashes with <c>sum(hashtextextended(ROW(r.*)::text, 0))</c>, the
/// formula of every digest of the harness, so they compare with a snapshot's; optionally the rows tied to another tenant or
/// none. Read-only: its own read-only session, one REPEATABLE READ transaction, <c>row_security = off</c> so a role that
/// row-level security would filter fails loudly instead of counting only what it may see.
/// </summary>
public static class TenantRowReader
{
    private const string ApplicationName = "harness tenant rows (read-only)";

    /// <summary>The catalog of <paramref name="schema"/>, read in a read-only session.</summary>
    /// <exception cref="TenantDataException">The schema does not exist.</exception>
    public static async Task<CatalogSnapshot> ReadCatalogAsync(string connectionString, string schema, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(connectionString, cancellationToken);
        var catalog = await CatalogReader.ReadAsync(connection, schema, null, cancellationToken);
        if (catalog.Tables.Count == 0)
        {
            throw new TenantDataException(
                $"Schema '{schema}' has no tables in {PostgresConnectionString.Describe(connectionString)}: "
                + "name the schema that holds the tenant tables (names are case-sensitive), or connect to the database that has it.");
        }

        return catalog;
    }

    /// <summary>
    /// Per table of <paramref name="tables"/> (in their order) the rows of <paramref name="tenant"/> in <paramref name="schema"/>,
    /// and with <paramref name="readOthers"/> the rows tied to any other tenant or to none.
    /// </summary>
    /// <exception cref="TenantDataException">The role may not read a table, or row-level security would hide rows from it.</exception>
    public static async Task<IReadOnlyList<TenantRows>> ReadAsync(
        string connectionString, string schema, TenantTables tables, string tenant, bool readOthers, int maxKeys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tables);
        await using var connection = await OpenAsync(connectionString, cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        await using (var off = new NpgsqlCommand("SET LOCAL row_security = off", connection, transaction))
        {
            await off.ExecuteNonQueryAsync(cancellationToken);
        }

        var present = await PresentTablesAsync(connection, schema, cancellationToken);
        var result = new List<TenantRows>();
        foreach (var table in tables.InForeignKeyOrder)
        {
            try
            {
                result.Add(await ReadTableAsync(connection, schema, table, present, tenant, readOthers, maxKeys, cancellationToken));
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
            {
                throw new TenantDataException(
                    $"Cannot read table '{table.Name}' of schema '{schema}' as {PostgresConnectionString.Describe(connectionString)}: {e.MessageText}. "
                    + "Verifying a tenant reads every row of the tenant tables: use a role with SELECT on them that row-level security does not "
                    + "filter (BYPASSRLS, or the tables' owner without FORCE ROW LEVEL SECURITY).", e);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    private static async Task<TenantRows> ReadTableAsync(
        NpgsqlConnection connection, string schema, TenantTable table, HashSet<string> present, string tenant, bool readOthers, int maxKeys,
        CancellationToken cancellationToken)
    {
        if (!present.Contains(table.Name))
        {
            return TenantRows.Missing(table.Name);
        }

        if (table.Path.FirstOrDefault(l => !present.Contains(l.Parent)) is { } broken)
        {
            return TenantRows.Missing(table.Name) with
            {
                Present = true,
                Unreadable = $"its parent {broken.Parent} (foreign key {broken.ForeignKey}) is not in schema {schema}",
            };
        }

        var keyHash = table.PrimaryKey.Count == 0 ? "NULL::numeric" : $"sum(hashtextextended({table.KeyExpression}, 0))";
        var mine = $"FROM {table.From(schema)} WHERE {table.TenantExpression} = @tenant";
        long rows = 0;
        decimal? keys = null;
        decimal hash = 0;
        await using (var command = Command(connection, $"SELECT count(*), {keyHash}, coalesce(sum(hashtextextended(ROW(r0.*)::text, 0)), 0) {mine}", tenant))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            rows = reader.GetInt64(0);
            keys = reader.IsDBNull(1) ? null : reader.GetDecimal(1);
            hash = reader.GetDecimal(2);
        }

        var sample = rows == 0 ? [] : await ReadTextsAsync(connection, $"SELECT {table.KeyExpression} {mine} ORDER BY 1 LIMIT {maxKeys}", tenant, cancellationToken);
        long others = 0;
        IReadOnlyList<string> otherKeys = [];
        if (readOthers)
        {
            var theirs = $"FROM {table.From(schema, outer: true)} WHERE {table.TenantExpression} IS DISTINCT FROM @tenant";
            await using (var command = Command(connection, $"SELECT count(*) {theirs}", tenant))
            {
                others = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
            }

            if (others > 0)
            {
                otherKeys = await ReadTextsAsync(
                    connection,
                    $"SELECT {table.KeyExpression} || ' (tenant ' || coalesce({table.TenantExpression}, 'none') || ')' {theirs} ORDER BY 1 LIMIT {maxKeys}",
                    tenant, cancellationToken);
            }
        }

        return new TenantRows(table.Name, true, rows, keys, hash, sample, others, otherKeys);
    }

    private static async Task<NpgsqlConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(PostgresConnectionString.ReadOnly(connectionString, ApplicationName));
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, string tenant)
    {
        var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("tenant", tenant);
        return command;
    }

    private static async Task<IReadOnlyList<string>> ReadTextsAsync(NpgsqlConnection connection, string sql, string tenant, CancellationToken cancellationToken)
    {
        var texts = new List<string>();
        await using var command = Command(connection, sql, tenant);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            texts.Add(reader.GetString(0));
        }

        return texts;
    }

    private static async Task<HashSet<string>> PresentTablesAsync(NpgsqlConnection connection, string schema, CancellationToken cancellationToken)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        await using var command = new NpgsqlCommand(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = @schema AND c.relkind IN ('r', 'p')",
            connection);
        command.Parameters.AddWithValue("schema", schema);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }
}
