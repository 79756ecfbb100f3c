extern alias SampleApp;

using System.Net;
using System.Net.Http.Headers;
using Harness.AspNetCore;
using Harness.Migrations;
using Harness.Targets;
using Harness.Targets.Hosting;
using Harness.Tests.Idor;
using Harness.Tests.Infrastructure;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using DevTokenIssuer = SampleApp::SampleTarget.Auth.DevTokenIssuer;
using SampleFlaws = SampleApp::SampleTarget.Configuration.Flaws;
using SampleProgram = SampleApp::Program;

namespace Harness.Tests.Fixtures.Quota;

/// <summary>
/// A bundled target started on a fresh migrated schema (no seed: a tenant that owns nothing still gets 200 [] from
/// GET /sites), with tenants made up on the spot, each a token for a new company id.
/// </summary>
public sealed class QuotaTarget(IRunningTarget running) : IAsyncDisposable
{
    /// <summary>The signing key both targets use by default (the sample's appsettings.json, the Node target's auth.js).</summary>
    public const string SigningKey = "harness-sample-target-dev-signing-key-0123456789";

    public IRunningTarget Running => running;

    /// <summary>The sample in-process, with the planted flaw when given, its clock replaced when given, and more services replaced when asked.</summary>
    public static Task<QuotaTarget> SampleInProcessAsync(
        PostgresFixture postgres, string? flaw = null, TimeProvider? clock = null, Action<IServiceCollection>? replace = null,
        CancellationToken cancellationToken = default)
    {
        var host = new WebApplicationTarget<SampleProgram>(new WebApplicationTargetOptions
        {
            Settings = new Dictionary<string, string> { [SampleFlaws.ConfigKey] = flaw ?? "", ["RateLimits:Enabled"] = "true" },
            ConfigureWebHost = builder => builder.ConfigureTestServices(s =>
            {
                if (clock is not null)
                {
                    s.AddSingleton(clock);
                }
                replace?.Invoke(s);
            }),
        });
        return StartAsync(postgres, host, cancellationToken);
    }

    /// <summary>The sample's built dll as a process with its rate limits on (as harness.yaml's target starts it).</summary>
    public static CommandTargetHost SampleProcess(string? flaw = null) => new(new CommandTargetOptions
    {
        Command = ["dotnet", HttpTargets.SampleDll, "--urls", "http://127.0.0.1:{port}"],
        WorkingDirectory = RepositoryPaths.SampleTarget,
        Environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Default"] = "{appConnectionString}",
            ["ConnectionStrings__Owner"] = "{adminConnectionString}",
            ["RateLimits__Enabled"] = "true",
            [SampleFlaws.ConfigKey] = flaw ?? "",
        },
        ReadinessTimeout = TimeSpan.FromSeconds(60),
    });

    /// <summary>The Node service with its rate limit on (RATE_LIMITS=on, as harness.yaml's target starts it).</summary>
    public static CommandTargetHost NodeProcess(string? flaw = null) => new(new CommandTargetOptions
    {
        Command = ["node", "server.js"],
        WorkingDirectory = HttpTargets.NodeTarget,
        Environment = new Dictionary<string, string>
        {
            ["PORT"] = "{port}",
            ["DATABASE_URL"] = "{appDatabaseUrl}",
            ["HARNESS_SCHEMA"] = "{schema}",
            ["HARNESS_ADMIN_DATABASE_URL"] = "{adminDatabaseUrl}",
            ["RATE_LIMITS"] = "on",
            ["SAMPLE_FLAW"] = flaw ?? "",
        },
        ReadinessTimeout = TimeSpan.FromSeconds(30),
    });

    public static async Task<QuotaTarget> StartAsync(PostgresFixture postgres, ITargetHost host, CancellationToken cancellationToken)
    {
        // Migrated without loading harness.yaml: these tests need only the schema, not the manifest's families.
        var schema = await postgres.CreateSchemaAsync("quota", cancellationToken);
        await new SqlFolderMigrator(RepositoryPaths.SampleMigrations).ApplyAsync(postgres.AdminConnectionString, schema, cancellationToken);
        var admin = postgres.ConnectionStringFor(schema);
        var app = new NpgsqlConnectionStringBuilder(admin) { Username = "sample_app", Password = "sample_app", SearchPath = schema }.ConnectionString;
        return new QuotaTarget(await host.StartAsync(new TargetDatabase(schema, app, admin), cancellationToken));
    }

    /// <summary>A tenant (a new company id) and one of its users, as a bearer token.</summary>
    public static Caller NewTenant() => new(Guid.NewGuid());

    public async Task<Answer> GetAsync(string path, Caller? caller, CancellationToken cancellationToken, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path.TrimStart('/'));
        if (caller is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", caller.Token);
        }
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }
        using var response = await running.Client.SendAsync(request, cancellationToken);
        var retryAfter = response.Headers.TryGetValues("Retry-After", out var values) ? values.Single() : null;
        return new Answer(response.StatusCode, retryAfter);
    }

    /// <summary>Sends <paramref name="count"/> requests one after another; the answers in order.</summary>
    public async Task<IReadOnlyList<Answer>> GetManyAsync(int count, string path, Caller caller, CancellationToken cancellationToken, params (string Name, string Value)[] headers)
    {
        var answers = new List<Answer>(count);
        for (var i = 0; i < count; i++)
        {
            answers.Add(await GetAsync(path, caller, cancellationToken, headers));
        }
        return answers;
    }

    public ValueTask DisposeAsync() => running.DisposeAsync();

    /// <summary>A tenant's user with a token signed as the targets expect.</summary>
    public sealed record Caller(Guid CompanyId)
    {
        public string Token { get; } = DevTokenIssuer.Mint(Guid.NewGuid(), CompanyId, SigningKey);

        public string Id => CompanyId.ToString("D", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A status and the Retry-After header as sent (null when absent).</summary>
    public sealed record Answer(HttpStatusCode Status, string? RetryAfter)
    {
        public bool Throttled => Status is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable;

        public double RetryAfterSeconds => double.Parse(RetryAfter ?? throw new InvalidOperationException("no Retry-After"), System.Globalization.CultureInfo.InvariantCulture);
    }
}
