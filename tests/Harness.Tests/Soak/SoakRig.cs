using System.Collections.Concurrent;
using Harness.Ledger;
using Harness.Manifest;
using Harness.Running;
using Harness.Scenarios.Soak;
using Harness.Seeders;
using Harness.Targets;
using Harness.Targets.Credentials;
using Harness.Tests.Infrastructure;

namespace Harness.Tests.Soak;

/// <summary>The sample's schema seeded with a few tenants, and the soak run against an in-process app on it with short phases.</summary>
internal sealed record SoakRig(SampleSchema Sample, SeedLedger Ledger)
{
    /// <summary>Short phases and rates a busy 2-core machine keeps: 3 neighbours at 10/s, the noisy tenant at 100/s.</summary>
    public static SoakOptions Short(string endpoint = "GET /sites") => new()
    {
        Endpoint = endpoint,
        Neighbours = 3,
        Rate = 10,
        Noisy = 100,
        Phases = new SoakPhases(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(3)),
        // The generator's own lag bound and the p99 slack, widened: in-process the app shares the test host's thread pool
        // with parallel tests on a machine shared with builds (measured: send lag p99 up to 130 ms). The engine's tests check
        // the 2 ms default; the judge's tests check the p99 bound.
        MaxSendLag = TimeSpan.FromSeconds(1),
        Thresholds = new SoakThresholds { P99SlackMs = 250 },
    };

    public static async Task<SoakRig> CreateAsync(PostgresFixture postgres, CancellationToken cancellationToken)
    {
        var sample = await SampleSchema.CreateAsync(postgres, "soak", null, cancellationToken);
        var ledger = await new TenantSeeder(sample.Model, sample.Catalog, new SeedOptions { Tenants = 5, Seed = 42 })
            .SeedAsync(sample.ConnectionString, cancellationToken: cancellationToken);
        return new SoakRig(sample, ledger);
    }

    /// <summary>Runs the soak against <paramref name="app"/>; <paramref name="stop"/> is the run's stop-early request.</summary>
    public async Task<ScenarioResult> RunAsync(
        ITargetHost app, SoakOptions options, ICredentialStrategy? credentials = null, IProgress<string>? progress = null,
        CancellationTokenSource? stop = null, CancellationToken cancellationToken = default)
    {
        await using var running = await app.StartAsync(new TargetDatabase(Sample.Schema, Sample.ConnectionString, Sample.ConnectionString), cancellationToken);
        var context = new ScenarioContext(Sample.Model, Sample.Catalog, Sample.Schema, Sample.ConnectionString, null, Ledger, progress ?? new Output())
        {
            Options = options,
            StopRequested = stop?.Token ?? CancellationToken.None,
        }.WithTarget(new TargetContext(running, credentials ?? DelegateCredentials.Bearer(p => p.TenantId, "tenant id as bearer token"), new EndpointsSection()));
        return await new SoakScenario().RunAsync(context, cancellationToken);
    }

    /// <summary>Progress as test output, kept for assertions.</summary>
    public sealed class Output : IProgress<string>
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public Action<string>? OnLine { get; init; }

        public void Report(string value)
        {
            Lines.Enqueue(value);
            TestContext.Current.TestOutputHelper?.WriteLine(value);
            OnLine?.Invoke(value);
        }
    }
}
