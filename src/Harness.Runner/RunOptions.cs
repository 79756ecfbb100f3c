using Harness.Findings;

namespace Harness.Runner;

/// <summary>Options of one <c>harness run</c>; defaults are what the README's main command uses.</summary>
public sealed record RunOptions
{
    public required string ManifestPath { get; init; }

    /// <summary>auto | local | testcontainers | a connection string.</summary>
    public string Postgres { get; init; } = "auto";

    /// <summary>Overrides the manifest's seed.tenants when set.</summary>
    public int? Tenants { get; init; }

    public int Seed { get; init; } = 42;

    public int Workers { get; init; } = 1;

    public IReadOnlyList<string> Scenarios { get; init; } = ["audit"];

    /// <summary>The families <see cref="Scenarios"/> may name (default the built-in ones); add your own with <see cref="ScenarioRegistry.Add"/>.</summary>
    public ScenarioRegistry Families { get; init; } = ScenarioRegistry.Default;

    public string ReportsRoot { get; init; } = "reports";

    public Severity FailOn { get; init; } = Severity.Low;

    /// <summary>Keep the worker schemas (and so the data) after the run, for inspection.</summary>
    public bool Keep { get; init; }

    public TimeSpan StaleSchemaTtl { get; init; } = Harness.Workers.StaleSchemaCollector.DefaultTimeToLive;

    /// <summary>
    /// This run's slice of the target probes (<c>--shard i/n</c>): target scenarios run the probes whose stable id hashes to it,
    /// and the other scenarios run only in shard 1, so the shards' reports merge (<c>harness report merge</c>) into one run.
    /// </summary>
    public Harness.Running.Shard Shard { get; init; } = Harness.Running.Shard.All;

    /// <summary>Starts the app instead of the manifest's <c>target</c> section (e.g. in-process in a test); null to use the manifest.</summary>
    public Harness.Targets.ITargetHost? TargetHost { get; init; }

    /// <summary>Acts as seeded users instead of the manifest's <c>credentials</c> section; null to use the manifest.</summary>
    public Harness.Targets.Credentials.ICredentialStrategy? Credentials { get; init; }
}
