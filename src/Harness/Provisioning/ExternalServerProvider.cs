using Npgsql;

namespace Harness.Provisioning;

/// <summary>
/// Uses an existing PostgreSQL server given by a connection string (Npgsql form or postgres:// URI).
/// The harness does not own it: disposing the handle leaves the server alone.
/// </summary>
public sealed class ExternalServerProvider : IPostgresProvider
{
    private readonly string connectionString;

    /// <exception cref="ProvisioningException">The connection string is malformed.</exception>
    public ExternalServerProvider(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        this.connectionString = PostgresConnectionString.Normalize(connectionString);
    }

    public string Name => "external";

    /// <summary>Connects once to check the server answers; the error names host, port, database and user, never the password.</summary>
    public async Task<IPostgresServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var target = PostgresConnectionString.Describe(connectionString);
        var password = new NpgsqlConnectionStringBuilder(connectionString).Password;
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SHOW server_version", connection);
            var version = ((string?)await command.ExecuteScalarAsync(cancellationToken) ?? "?").Split(' ', 2)[0];
            return new ExternalServer(connectionString, $"external server {target} (PostgreSQL {version})");
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or ArgumentException or TimeoutException)
        {
            var reason = e is PostgresException pg ? $"{pg.SqlState}: {pg.MessageText}" : e.Message;
            if (!string.IsNullOrEmpty(password))
            {
                reason = reason.Replace(password, "***", StringComparison.Ordinal);
            }

            throw new ProvisioningException(
                $"Could not connect to the PostgreSQL server at {target}: {reason}. " +
                "Check that the server is running and reachable, and that the connection string (--postgres) has the right host, port, database, user and password.",
                null,
                e);
        }
    }

    private sealed class ExternalServer(string connectionString, string description) : IPostgresServer
    {
        public string ProviderName => "external";

        public string AdminConnectionString => connectionString;

        public bool IsHarnessOwned => false;

        public string Description => description;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
