using Harness.Catalog;
using Harness.Ledger;
using Harness.Migrations;
using Harness.Model;
using Harness.Runner;
using Harness.Seeders;
using Harness.Tests.Infrastructure;
using Npgsql;

namespace Harness.Tests.Drills.Verify;

/// <summary>
/// A database the test creates and drops (a restore is a whole database), holding one tenant layout in schema
/// <see cref="Schema"/>, and copies of it made with <c>CREATE DATABASE ... TEMPLATE</c>: a copy is what a faithful restore
/// gives, and a flaw is planted into a copy with plain SQL. Connections are unpooled so the source can be copied.
/// </summary>
internal sealed class RestoreDatabases : IAsyncDisposable
{
    public const string Schema = "app";

    private readonly PostgresFixture postgres;
    private readonly List<string> databases = [];

    private RestoreDatabases(PostgresFixture postgres, string source)
    {
        this.postgres = postgres;
        Source = ConnectionTo(source);
        databases.Add(source);
    }

    /// <summary>The seed ledger of the sample layout (null for a layout of its own).</summary>
    public SeedLedger? Ledger { get; private set; }

    /// <summary>The database the expected state is taken from.</summary>
    public string Source { get; }

    /// <summary>A database of its own with schema <see cref="Schema"/>, built by <paramref name="build"/> (given the admin connection to it).</summary>
    public static async Task<RestoreDatabases> CreateAsync(
        PostgresFixture postgres, Func<string, CancellationToken, Task> build, CancellationToken cancellationToken)
    {
        var name = $"rv_{Guid.NewGuid():N}"[..20];
        var created = new RestoreDatabases(postgres, name);
        await created.AdminAsync($"CREATE DATABASE {name}", cancellationToken);
        await Execute(created.Source, $"CREATE SCHEMA {Schema}", cancellationToken);
        await build(created.Source, cancellationToken);
        return created;
    }

    /// <summary>The sample target's migrations, seeded with 3 tenants (the sample's own layout).</summary>
    public static async Task<RestoreDatabases> SampleAsync(PostgresFixture postgres, CancellationToken cancellationToken)
    {
        SeedLedger? ledger = null;
        var created = await CreateAsync(postgres, async (connection, token) =>
        {
            await new SqlFolderMigrator(RepositoryPaths.SampleMigrations).ApplyAsync(connection, Schema, token);
            var manifest = await ScenarioRegistry.Default.LoadManifestAsync(RepositoryPaths.SampleManifest, token);
            var scoped = new NpgsqlConnectionStringBuilder(connection) { SearchPath = Schema }.ConnectionString;
            await using var open = new NpgsqlConnection(scoped);
            await open.OpenAsync(token);
            var catalog = await CatalogReader.ReadAsync(open, Schema, manifest.Database.AppRole, token);
            var model = TenancyModelResolver.Resolve(manifest, catalog);
            ledger = await new TenantSeeder(model, catalog, new SeedOptions { Tenants = 3, UsersPerTenant = 1, RowsPerTable = 3 }).SeedAsync(scoped, cancellationToken: token);
        }, cancellationToken);
        created.Ledger = ledger;
        return created;
    }

    /// <summary>A copy of the source as it is now (what a faithful restore gives).</summary>
    public async Task<string> CopyAsync(CancellationToken cancellationToken)
    {
        var source = new NpgsqlConnectionStringBuilder(Source).Database!;
        var copy = $"{source}_c{databases.Count}";
        await AdminAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{source}' AND pid <> pg_backend_pid()", cancellationToken);
        await AdminAsync($"CREATE DATABASE {copy} TEMPLATE {source}", cancellationToken);
        databases.Add(copy);
        return ConnectionTo(copy);
    }

    /// <summary>Runs SQL in <paramref name="connectionString"/>'s database with the schema on the search path.</summary>
    public static async Task Execute(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = Schema }.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Runs SQL as the admin in the fixture's own database (roles, databases).</summary>
    public async Task AdminAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(postgres.AdminConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Drops the source first (so a role it names can be dropped), then the copies.</summary>
    public async Task DropSourceAsync(CancellationToken cancellationToken) =>
        await AdminAsync($"DROP DATABASE IF EXISTS {new NpgsqlConnectionStringBuilder(Source).Database} WITH (FORCE)", cancellationToken);

    public async ValueTask DisposeAsync()
    {
        foreach (var database in databases)
        {
            await AdminAsync($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", CancellationToken.None);
        }
    }

    private string ConnectionTo(string database) =>
        new NpgsqlConnectionStringBuilder(postgres.AdminConnectionString) { Database = database, Pooling = false }.ConnectionString;
}
