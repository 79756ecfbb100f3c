using System.Diagnostics;
using Harness.Chaos.Proxy;
using Harness.Provisioning;
using Harness.Tests.Infrastructure;
using Npgsql;

namespace Harness.Tests.Chaos.Proxy;

/// <summary>
/// A schema of its own with two tenant tables (<c>orders</c>: tenants 1 and 2, ids 1-5; <c>jobs</c>: a queue) and a
/// <see cref="PgFaultProxy"/> in front of the shared server that knows them and the setting <c>app.tenant_id</c>.
/// </summary>
internal sealed class ProxyTestBed : IAsyncDisposable
{
    public const string Setting = "app.tenant_id";

    private readonly PostgresFixture postgres;

    private ProxyTestBed(PostgresFixture postgres, string schema, PgFaultProxy proxy)
    {
        this.postgres = postgres;
        Schema = schema;
        Proxy = proxy;
    }

    public string Schema { get; }

    public PgFaultProxy Proxy { get; }

    /// <summary>The server directly, on the test's schema.</summary>
    public string DirectConnectionString => postgres.ConnectionStringFor(Schema);

    public static async Task<ProxyTestBed> StartAsync(
        PostgresFixture postgres, Func<PgProxyOptions, PgProxyOptions>? configure = null, CancellationToken cancellationToken = default)
    {
        var schema = await postgres.CreateSchemaAsync("proxy", cancellationToken);
        await using (var connection = new NpgsqlConnection(postgres.ConnectionStringFor(schema)))
        {
            await connection.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand(
                """
                CREATE TABLE orders (id int PRIMARY KEY, tenant_id int NOT NULL, note text);
                INSERT INTO orders VALUES (1, 1, 'a'), (2, 1, 'b'), (3, 1, 'c'), (4, 2, 'd'), (5, 2, 'e');
                CREATE TABLE jobs (id int PRIMARY KEY, tenant_id int NOT NULL, status text NOT NULL);
                INSERT INTO jobs VALUES (1, 1, 'new'), (2, 2, 'new'), (3, 1, 'done');
                """,
                connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var admin = new NpgsqlConnectionStringBuilder(postgres.AdminConnectionString);
        var options = new PgProxyOptions
        {
            UpstreamHost = admin.Host!,
            UpstreamPort = admin.Port,
            Name = "test-proxy",
            Context = new TenantContextSettings { Settings = [Setting] },
            TenantTables = new HashSet<string>(["orders", "jobs"], StringComparer.OrdinalIgnoreCase),
            Seed = 7,
        };
        var proxy = await PgFaultProxy.StartAsync(configure is null ? options : configure(options), cancellationToken);
        return new ProxyTestBed(postgres, schema, proxy);
    }

    /// <summary>Through the proxy, on the test's schema; no pooling unless asked.</summary>
    public string ConnectionString(bool pooling = false, string? applicationName = null) =>
        new NpgsqlConnectionStringBuilder(DirectConnectionString)
        {
            Host = Proxy.Host,
            Port = Proxy.Port,
            Pooling = pooling,
            MaxPoolSize = pooling ? 1 : 100,
            ApplicationName = applicationName,
            Timeout = 10,
            CommandTimeout = 60,
        }.ConnectionString;

    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken, bool pooling = false, string? applicationName = null)
    {
        var connection = new NpgsqlConnection(ConnectionString(pooling, applicationName));
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    public async Task<NpgsqlConnection> OpenDirectAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(DirectConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    public IReadOnlyList<T> Events<T>()
        where T : ProxyEvent => [.. Proxy.Events().OfType<T>()];

    /// <summary>The one connection the proxy has seen for the test's single client (ids start at 1 per proxy).</summary>
    public int OnlyConnectionId() => Events<ProxyEvent>().Select(e => e.Connection).Distinct().Single();

    /// <summary>Runs <c>psql -c</c> through the proxy: one simple-protocol Query message holding every statement.</summary>
    public async Task<(int ExitCode, string Output, string Error)> PsqlAsync(string sql, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(DirectConnectionString) { Host = Proxy.Host, Port = Proxy.Port };
        var start = PsqlStart.For(builder.ConnectionString, sql);
        start.Environment["PGOPTIONS"] = $"-c search_path={Schema}";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await output, await error);
    }

    public async Task<long> ScalarAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = await OpenDirectAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        using (var pooled = new NpgsqlConnection(ConnectionString(pooling: true)))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        await Proxy.DisposeAsync();
    }
}
