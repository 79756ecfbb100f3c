using Harness.Ledger;
using Harness.Running;
using Harness.Scenarios.Rls;
using Harness.Seeders;
using Harness.Tests.Infrastructure;
using Npgsql;

namespace Harness.Tests.Rls;

/// <summary>The sample target in a fresh schema (optionally with one planted flaw), seeded, with the app role's connection.</summary>
public sealed record MatrixSample(SampleSchema Sample, SeedLedger Ledger, ScenarioContext Context)
{
    public const string AppRole = "sample_app";

    public static async Task<MatrixSample> CreateAsync(
        PostgresFixture postgres, string? flaw = null, int tenants = 4, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var sample = await SampleSchema.CreateAsync(postgres, "rls", flaw, cancellationToken);
        var ledger = await new TenantSeeder(sample.Model, sample.Catalog, new SeedOptions { Tenants = tenants })
            .SeedAsync(sample.ConnectionString, cancellationToken: cancellationToken);
        var context = new ScenarioContext(
            sample.Model, sample.Catalog, sample.Schema, sample.ConnectionString, AppConnectionString(sample.ConnectionString, AppRole, AppRole, sample.Schema), ledger, progress);
        return new MatrixSample(sample, ledger, context);
    }

    public static string AppConnectionString(string adminConnectionString, string role, string password, string schema) =>
        new NpgsqlConnectionStringBuilder(adminConnectionString) { Username = role, Password = password, SearchPath = schema }.ConnectionString;

    public Task<ScenarioResult> RunAsync(CancellationToken cancellationToken = default) => new RlsMatrix().RunAsync(Context, cancellationToken);
}
