using Harness.Provisioning;
using Npgsql;

[assembly: AssemblyFixture(typeof(Harness.Tests.Infrastructure.PostgresFixture))]

namespace Harness.Tests.Infrastructure;

/// <summary>
/// One PostgreSQL server for the whole test assembly; tests isolate by schema (<see cref="CreateSchemaAsync"/>).
/// Set HARNESS_TEST_POSTGRES to a connection string to use an existing server instead of a local cluster.
/// A start-up failure is kept and rethrown, with its real cause, by every test that asks for the server.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private IPostgresServer? server;
    private Exception? startFailure;

    public IPostgresServer Server =>
        server ?? throw new InvalidOperationException($"PostgreSQL for the tests did not start: {startFailure?.Message}", startFailure);

    public string AdminConnectionString => Server.AdminConnectionString;

    public async ValueTask InitializeAsync()
    {
        try
        {
            var external = Environment.GetEnvironmentVariable("HARNESS_TEST_POSTGRES");
            IPostgresProvider provider = string.IsNullOrWhiteSpace(external)
                // The whole assembly shares this server: every test's pools (and the apps the IDOR tests start) stay open
                // until the run ends, so it gets more connections than a single run's default.
                ? new LocalClusterProvider(new LocalClusterOptions { MaxConnections = 800 })
                : new ExternalServerProvider(external);
            server = await provider.StartAsync(TestContext.Current.CancellationToken);
        }
        catch (Exception e)
        {
            startFailure = e;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }

    /// <summary>Creates an empty schema with a unique name for one test; it is dropped with the cluster.</summary>
    public async Task<string> CreateSchemaAsync(string prefix, CancellationToken cancellationToken = default)
    {
        var schema = $"t_{prefix}_{Guid.NewGuid():N}"[..Math.Min(63, prefix.Length + 2 + 1 + 32)].ToLowerInvariant();
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"CREATE SCHEMA \"{schema}\"", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return schema;
    }

    /// <summary>The admin connection string with its search path set to <paramref name="schema"/>.</summary>
    public string ConnectionStringFor(string schema) =>
        new NpgsqlConnectionStringBuilder(AdminConnectionString) { SearchPath = schema }.ConnectionString;
}
