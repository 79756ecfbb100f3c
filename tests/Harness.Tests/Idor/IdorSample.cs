using Harness.Ledger;
using Harness.Manifest;
using Harness.Running;
using Harness.Scenarios.Idor;
using Harness.Seeders;
using Harness.Targets;
using Harness.Tests.Infrastructure;
using Npgsql;

namespace Harness.Tests.Idor;

/// <summary>
/// The sample's schema in a fresh schema of the test server (clean: the app-level flaws live in the app), seeded with a few
/// tenants, and how to run the IDOR probes against a target started on it with a manifest's credentials and endpoints.
/// </summary>
public sealed record IdorSample(SampleSchema Sample, SeedLedger Ledger)
{
    public const string AppRole = "sample_app";

    public string AppConnectionString =>
        new NpgsqlConnectionStringBuilder(Sample.ConnectionString) { Username = AppRole, Password = AppRole, SearchPath = Sample.Schema }.ConnectionString;

    public TargetDatabase Database => new(Sample.Schema, AppConnectionString, Sample.ConnectionString);

    public static async Task<IdorSample> CreateAsync(PostgresFixture postgres, int tenants = 4, int seed = 42, CancellationToken cancellationToken = default)
    {
        var sample = await SampleSchema.CreateAsync(postgres, "idor", null, cancellationToken);
        var ledger = await new TenantSeeder(sample.Model, sample.Catalog, new SeedOptions { Tenants = tenants, Seed = seed })
            .SeedAsync(sample.ConnectionString, cancellationToken: cancellationToken);
        return new IdorSample(sample, ledger);
    }

    /// <summary>Starts <paramref name="host"/> on this schema, runs the IDOR scenario with the manifest's credentials and endpoints, and stops it.</summary>
    public async Task<ScenarioResult> RunAsync(
        ITargetHost host, HarnessManifest manifest, Shard? shard = null, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        await using var running = await host.StartAsync(Database, cancellationToken);
        var credentials = await TargetSetup.CredentialsForAsync(manifest, cancellationToken: cancellationToken);
        var context = new ScenarioContext(
            Sample.Model, Sample.Catalog, Sample.Schema, Sample.ConnectionString, AppConnectionString, Ledger, progress)
        {
            Options = manifest.Idor,
            Shard = shard ?? Shard.All,
        }.WithTarget(new TargetContext(running, credentials!, manifest.Endpoints!) { ManifestPath = manifest.SourcePath });
        return await new IdorScenario().RunAsync(context, cancellationToken);
    }

    /// <summary>Test output as progress, so a failing run shows what the probes did.</summary>
    public sealed class Output : IProgress<string>
    {
        public void Report(string value) => TestContext.Current.TestOutputHelper?.WriteLine(value);
    }
}
