extern alias SampleApp;

using System.Globalization;
using FluentAssertions;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Harness.Migrations;
using Harness.Tests.Fixtures.Quota;
using Harness.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using DevTokenIssuer = SampleApp::SampleTarget.Auth.DevTokenIssuer;
using SampleFlaws = SampleApp::SampleTarget.Configuration.Flaws;
using SampleProgram = SampleApp::Program;

namespace Harness.Tests.Fixtures.Chaos;

/// <summary>
/// The sample in-process (its services reachable, so a test can borrow from the app's own pool) on a fresh migrated
/// schema with two tenants, A and B, each with a site and a sign-in whose visitor name is the tenant's canary.
/// </summary>
public sealed class ChaosSample : IAsyncDisposable
{
    private readonly WebApplicationFactory<SampleProgram> factory;

    private ChaosSample(WebApplicationFactory<SampleProgram> factory, string schema, string admin, Tenant a, Tenant b)
    {
        this.factory = factory;
        Schema = schema;
        AdminConnectionString = admin;
        A = a;
        B = b;
    }

    public string Schema { get; }

    /// <summary>The admin (superuser) connection, search path = the schema.</summary>
    public string AdminConnectionString { get; }

    public Tenant A { get; }

    public Tenant B { get; }

    /// <summary>The app's own pool (the sample's NpgsqlDataSource singleton).</summary>
    public NpgsqlDataSource AppPool => factory.Services.GetRequiredService<NpgsqlDataSource>();

    /// <summary>
    /// Migrates a schema, adds tenants A and B, runs <paramref name="beforeStart"/> as the admin (e.g. to queue jobs before
    /// the worker starts), then starts the app with the flaw, its job worker on or off, and the app connection string as
    /// <paramref name="appConnection"/> leaves it.
    /// </summary>
    public static async Task<ChaosSample> StartAsync(
        PostgresFixture postgres, string? flaw, bool jobs, CancellationToken cancellationToken,
        Action<NpgsqlConnectionStringBuilder>? appConnection = null, Func<ChaosSample, Task>? beforeStart = null)
    {
        var schema = await postgres.CreateSchemaAsync("chaos", cancellationToken);
        await new SqlFolderMigrator(RepositoryPaths.SampleMigrations).ApplyAsync(postgres.AdminConnectionString, schema, cancellationToken);
        var admin = postgres.ConnectionStringFor(schema);
        var app = new NpgsqlConnectionStringBuilder(admin)
        {
            Username = "sample_app", Password = "sample_app", SearchPath = schema,
        };
        appConnection?.Invoke(app);

        var a = Tenant.New("a");
        var b = Tenant.New("b");
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync(cancellationToken);
            foreach (var tenant in new[] { a, b })
            {
                await tenant.InsertAsync(connection, cancellationToken);
            }
        }

        var factory = new WebApplicationFactory<SampleProgram>().WithWebHostBuilder(builder =>
        {
            builder.ConfigureLogging(logging => logging.ClearProviders());
            builder.UseSetting("ConnectionStrings:Default", app.ConnectionString);
            builder.UseSetting("ConnectionStrings:Owner", admin);
            builder.UseSetting(SampleFlaws.ConfigKey, flaw ?? "");
            builder.UseSetting("Jobs:Enabled", jobs ? "true" : "false");
        });
        var sample = new ChaosSample(factory, schema, admin, a, b);
        if (beforeStart is not null)
        {
            await beforeStart(sample);
        }
        _ = factory.Server; // starts the host (and the worker)
        return sample;
    }

    public HttpClient ClientFor(Tenant tenant)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tenant.Token);
        return client;
    }

    /// <summary>POST /jobs/exports as the tenant; the job's id.</summary>
    public async Task<Guid> QueueExportAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        using var client = ClientFor(tenant);
        using var response = await client.PostAsync("/jobs/exports", content: null, cancellationToken);
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync(cancellationToken));
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        var id = accepted.GetProperty("id").GetGuid();
        response.Headers.Location!.ToString().Should().Be($"/jobs/{id}");
        return id;
    }

    /// <summary>GET /jobs/{id} as the tenant until the job is done or failed (at most 30 s); the last answer.</summary>
    public async Task<JsonElement> WaitForJobAsync(Tenant tenant, Guid job, CancellationToken cancellationToken)
    {
        using var client = ClientFor(tenant);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            var answer = await client.GetFromJsonAsync<JsonElement>($"/jobs/{job}", timeout.Token);
            if (answer.GetProperty("status").GetString() is "done" or "failed")
            {
                return answer;
            }
            await Task.Delay(50, timeout.Token);
        }
    }

    /// <summary>Holds an ACCESS EXCLUSIVE lock on one of the schema's tables until disposed (see <see cref="TableLock"/>).</summary>
    public Task<TableLock> LockAsync(string table, CancellationToken cancellationToken) =>
        TableLock.HoldAsync(AdminConnectionString, $"\"{Schema}\".{table}", cancellationToken);

    public async Task<T> ScalarAsync<T>(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    /// <summary>A company with a user, a site and a sign-in; its canary is in the site's name and the visitor's name.</summary>
    public sealed record Tenant(Guid CompanyId, Guid UserId, string Canary)
    {
        public string Id => CompanyId.ToString("D", CultureInfo.InvariantCulture);

        public string Token { get; } = DevTokenIssuer.Mint(UserId, CompanyId, QuotaTarget.SigningKey);

        public static Tenant New(string label) => new(Guid.NewGuid(), Guid.NewGuid(), $"cnry-{label}-{Guid.NewGuid():N}"[..24]);

        public async Task InsertAsync(NpgsqlConnection admin, CancellationToken cancellationToken)
        {
            await using var command = new NpgsqlCommand(
                """
                INSERT INTO companies (id, name, slug) VALUES (@company, @canary, @canary);
                INSERT INTO users (company_id, id, email, full_name) VALUES (@company, @user, @canary || '@example.com', @canary);
                WITH site AS (INSERT INTO sites (company_id, name, address) VALUES (@company, 'site ' || @canary, '1 Main St') RETURNING id)
                INSERT INTO sign_ins (company_id, site_id, user_id, visitor_name) SELECT @company, id, @user, @canary FROM site;
                """, admin);
            command.Parameters.AddWithValue("company", CompanyId);
            command.Parameters.AddWithValue("user", UserId);
            command.Parameters.AddWithValue("canary", Canary);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
