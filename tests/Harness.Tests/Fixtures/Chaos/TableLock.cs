using Npgsql;

namespace Harness.Tests.Fixtures.Chaos;

/// <summary>
/// An ACCESS EXCLUSIVE lock on one table, held by an admin transaction until disposed, so the app's next statement on the
/// table waits where a test can find its backend (in pg_locks, not granted) and terminate it: a connection lost mid-work,
/// as a failover or a restart ends it (57P01), without a hook in the app.
/// </summary>
public sealed class TableLock : IAsyncDisposable
{
    private readonly NpgsqlConnection connection;
    private readonly string adminConnectionString;
    private readonly string table;

    private TableLock(NpgsqlConnection connection, string adminConnectionString, string table)
    {
        this.connection = connection;
        this.adminConnectionString = adminConnectionString;
        this.table = table;
    }

    /// <param name="table">The table, schema-qualified and quoted as needed: "schema".sites.</param>
    public static async Task<TableLock> HoldAsync(string adminConnectionString, string table, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"BEGIN; LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return new TableLock(connection, adminConnectionString, table);
    }

    /// <summary>Waits (at most 30 s) for a backend to wait on this lock, and terminates it.</summary>
    public async Task TerminateTheWaiterAsync(CancellationToken cancellationToken)
    {
        await using var admin = new NpgsqlConnection(adminConnectionString);
        await admin.OpenAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            await using var command = new NpgsqlCommand(
                $"SELECT bool_or(pg_terminate_backend(pid)) FROM pg_locks WHERE relation = '{table.Replace("'", "''", StringComparison.Ordinal)}'::regclass AND NOT granted",
                admin);
            if (await command.ExecuteScalarAsync(timeout.Token) is true)
            {
                return;
            }
            await Task.Delay(10, timeout.Token);
        }
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}
