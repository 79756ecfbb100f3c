using Harness.Chaos.Pooling;
using Harness.Tests.Infrastructure;
using Npgsql;

namespace Harness.Tests.Chaos.Pooling;

/// <summary>A login role with a password and a database it owns, made for one test on the shared server and dropped after it.</summary>
internal sealed class PooledDatabase : IAsyncDisposable
{
    private readonly string admin;

    private PooledDatabase(string admin, string name)
    {
        this.admin = admin;
        Name = name;
        Role = name;
        Password = "pw_" + name;
        var builder = new NpgsqlConnectionStringBuilder(admin);
        Host = builder.Host!;
        Port = builder.Port;
    }

    public string Name { get; }

    public string Role { get; }

    public string Password { get; }

    public string Host { get; }

    public int Port { get; }

    /// <summary>Skips the test, saying why, when PgBouncer is not installed here.</summary>
    public static void SkipWithoutPgBouncer() =>
        Assert.SkipWhen(PgBouncerProcess.FindBinary() is null,
            "pgbouncer is not installed (not on PATH, nor in /usr/sbin or /usr/bin); the pooling tests need PgBouncer 1.18 or later (apt-get install pgbouncer)");

    public static async Task<PooledDatabase> CreateAsync(PostgresFixture postgres, string prefix, CancellationToken cancellationToken)
    {
        var database = new PooledDatabase(postgres.AdminConnectionString, $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(40, prefix.Length + 1 + 32)].ToLowerInvariant());
        await database.AdminAsync($"CREATE ROLE \"{database.Role}\" LOGIN PASSWORD '{database.Password}'", cancellationToken);
        await database.AdminAsync($"CREATE DATABASE \"{database.Name}\" OWNER \"{database.Role}\"", cancellationToken);
        return database;
    }

    /// <summary>Options for a PgBouncer in front of this database, letting the role in.</summary>
    public PgBouncerOptions Options(int poolSize = 2) => new()
    {
        UpstreamHost = Host,
        UpstreamPort = Port,
        Database = Name,
        Users = new Dictionary<string, string> { [Role] = Password },
        PoolSize = poolSize,
    };

    /// <summary>A connection through <paramref name="bouncer"/> as the role, outside Npgsql's pool (one client connection each).</summary>
    public static async Task<NpgsqlConnection> ConnectAsync(PgBouncerProcess bouncer, string user, CancellationToken cancellationToken, string? searchPath = null)
    {
        var builder = new NpgsqlConnectionStringBuilder(bouncer.ConnectionString(user)) { Pooling = false, SearchPath = searchPath };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    public static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is DBNull ? null : value;
    }

    public async ValueTask DisposeAsync()
    {
        await AdminAsync($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", CancellationToken.None);
        await AdminAsync($"DROP ROLE IF EXISTS \"{Role}\"", CancellationToken.None);
    }

    private async Task AdminAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
