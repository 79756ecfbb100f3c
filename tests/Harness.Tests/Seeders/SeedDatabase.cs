using Harness.Catalog;
using Harness.Model;
using Harness.Tests.Infrastructure;
using Npgsql;

namespace Harness.Tests.Seeders;

/// <summary>
/// A database of its own on the shared server, for schemas that need more than one schema (auth.users next to
/// public): created with a unique name, given the test's SQL, and dropped when the test ends.
/// </summary>
internal sealed class SeedDatabase : IAsyncDisposable
{
    private readonly PostgresFixture postgres;

    private SeedDatabase(PostgresFixture postgres, string name)
    {
        this.postgres = postgres;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(postgres.AdminConnectionString) { Database = name, SearchPath = "public" }.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public static async Task<SeedDatabase> CreateAsync(PostgresFixture postgres, string sql, CancellationToken cancellationToken)
    {
        var database = new SeedDatabase(postgres, $"seed_{Guid.NewGuid():N}");
        await using (var admin = new NpgsqlConnection(postgres.AdminConnectionString))
        {
            await admin.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Name}\"", admin);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await database.ExecuteAsync(sql, cancellationToken);
        return database;
    }

    /// <summary>The catalog of <c>public</c> and a model: <paramref name="tenantTables"/> carry <paramref name="key"/>, the first is the root.</summary>
    public async Task<(CatalogSnapshot Catalog, TenancyModel Model)> ModelAsync(
        string key, string membership, CancellationToken cancellationToken, params string[] tenantTables)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        var catalog = await CatalogReader.ReadAsync(connection, "public", null, cancellationToken);
        var model = new TenancyModel
        {
            TenantKey = key,
            Root = new TableName(tenantTables[0]),
            Membership = new TableName(membership),
            ContextSetting = "app.team_id",
            AppRole = "app_user",
            TenantTables = [.. tenantTables.Select(t => new TableName(t))],
        };
        return (catalog, model);
    }

    public async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<long> CountAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<List<string?>> ListAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var values = new List<string?>();
        while (await reader.ReadAsync(cancellationToken))
        {
            values.Add(reader.IsDBNull(0) ? null : reader.GetValue(0).ToString());
        }

        return values;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(postgres.AdminConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
