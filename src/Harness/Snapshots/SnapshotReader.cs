using System.Data;
using Harness.Provisioning;
using Npgsql;

namespace Harness.Snapshots;

/// <summary>
/// Takes a <see cref="DatabaseSnapshot"/> of one schema. Read-only: it opens its own read-only session
/// (<see cref="PostgresConnectionString.ReadOnly"/>) and reads everything in one REPEATABLE READ transaction, so the
/// catalog, the digests and the canaries are one point in time. It needs USAGE on the schema and SELECT on the tables it
/// digests; with <c>row_security = off</c> a role that row-level security would filter fails loudly instead of
/// digesting only the rows it may see.
/// </summary>
public static partial class SnapshotReader
{
    private const string ApplicationName = "harness snapshot";

    /// <summary>The snapshot of <paramref name="schema"/>: its security catalog and what <paramref name="scope"/> asks for.</summary>
    /// <exception cref="SnapshotException">The schema does not exist, the scope's root is not in it, the role may not read a table it
    /// has to digest, or row-level security would hide rows from it.</exception>
    public static async Task<DatabaseSnapshot> ReadAsync(
        string connectionString, string schema, SnapshotScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        ArgumentException.ThrowIfNullOrEmpty(schema);
        ArgumentNullException.ThrowIfNull(scope);
        await using var connection = new NpgsqlConnection(PostgresConnectionString.ReadOnly(connectionString, ApplicationName));
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        try
        {
            await ExecuteAsync(connection, "SET LOCAL row_security = off", cancellationToken);
            var (takenAt, lsn, schemaExists) = await ReadClockAsync(connection, schema, cancellationToken);
            if (!schemaExists)
            {
                throw new SnapshotException(
                    $"Cannot snapshot schema '{schema}': it does not exist in {PostgresConnectionString.Describe(connectionString)}. "
                    + "Name the schema the tenant tables are in (names are case-sensitive), or connect to the database that has it.");
            }

            var (security, columns) = await ReadSecurityAsync(connection, schema, cancellationToken);
            var digested = DigestedTables(security, columns, scope);
            var data = scope.TenantKey is null && scope.Root is null
                ? []
                : await ReadDigestsAsync(connection, schema, digested, cancellationToken);
            var canaries = scope.Canaries.Count == 0
                ? []
                : await ReadCanariesAsync(connection, schema, CanaryTables(security, columns, scope), scope.Canaries, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new DatabaseSnapshot
            {
                Schema = schema,
                TenantKey = scope.TenantKey,
                Root = scope.Root,
                TakenAt = takenAt,
                Lsn = lsn,
                Security = security,
                Data = data,
                Canaries = canaries,
            };
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            throw new SnapshotException(
                $"Cannot snapshot schema '{schema}' as {PostgresConnectionString.Describe(connectionString)}: {e.MessageText}. "
                + "A snapshot reads every row of the tenant tables: use a role with SELECT on them that row-level security does not "
                + "filter (the tables' owner without FORCE ROW LEVEL SECURITY, or a role with BYPASSRLS).", e);
        }
    }

    private static async Task<(DateTimeOffset TakenAt, string? Lsn, bool SchemaExists)> ReadClockAsync(
        NpgsqlConnection connection, string schema, CancellationToken cancellationToken)
    {
        var rows = await ReadRowsAsync(
            connection, SnapshotQueries.Clock, schema,
            r => (r.GetFieldValue<DateTimeOffset>(0), NullableString(r, 1), r.GetBoolean(2)),
            cancellationToken);
        return rows[0];
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Runs a query that takes <c>@schema</c> (and optionally more parameters) and maps each row.</summary>
    private static async Task<List<T>> ReadRowsAsync<T>(
        NpgsqlConnection connection, string sql, string schema, Func<NpgsqlDataReader, T> map, CancellationToken cancellationToken,
        params (string Name, object Value)[] parameters)
    {
        var result = new List<T>();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("schema", schema);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(map(reader));
        }

        return result;
    }

    private static string? NullableString(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
