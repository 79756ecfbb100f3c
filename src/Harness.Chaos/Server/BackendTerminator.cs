using Npgsql;

namespace Harness.Chaos.Server;

/// <summary>
/// Server-side faults on live backends: finds the backends of a role that are working (running a statement or idle in a
/// transaction) and terminates one with <c>pg_terminate_backend</c>, as an administrator or a failover would. The client
/// of a terminated backend gets SQLSTATE 57P01 (admin_shutdown) on its next message, and its open transaction is rolled back.
/// </summary>
public static class BackendTerminator
{
    /// <summary>
    /// Terminates backend <paramref name="pid"/> and waits (up to 5 s) until it is gone; false when there was no such
    /// backend (or it did not end in time).
    /// </summary>
    public static async Task<bool> TerminateAsync(string adminConnectionString, int pid, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(adminConnectionString);
        await using var connection = await OpenAsync(adminConnectionString, cancellationToken);
        await using var command = new NpgsqlCommand("SELECT pg_terminate_backend($1, 5000)", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = pid });
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    /// <summary>
    /// The backends of <paramref name="role"/> that are running a statement or idle in a transaction (not the caller's own),
    /// oldest transaction first.
    /// </summary>
    public static async Task<IReadOnlyList<int>> BackendsInTransactionAsync(string adminConnectionString, string role, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(adminConnectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(role);
        await using var connection = await OpenAsync(adminConnectionString, cancellationToken);
        await using var command = new NpgsqlCommand(
            """
            SELECT pid FROM pg_stat_activity
            WHERE usename = $1 AND state IN ('active', 'idle in transaction') AND pid <> pg_backend_pid()
            ORDER BY xact_start NULLS LAST, pid
            """,
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = role });
        var pids = new List<int>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            pids.Add(reader.GetInt32(0));
        }

        return pids;
    }

    private static async Task<NpgsqlConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        // Its own connection, outside any pool the caller shares with the victims.
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
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
}
