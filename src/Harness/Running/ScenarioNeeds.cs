namespace Harness.Running;

/// <summary>What a scenario family needs from the run; the pipeline schedules by it.</summary>
[Flags]
public enum ScenarioNeeds
{
    /// <summary>Only the catalog of the schema under test (a static audit).</summary>
    None = 0,

    /// <summary>Seeded tenants and the ledger of which rows and canaries belong to whom.</summary>
    SeedLedger = 1,

    /// <summary>A connection as the app's role (RLS applies to it).</summary>
    AppConnection = 2,

    /// <summary>The app started against the worker, how to act as a seeded user, and the endpoints to probe.</summary>
    RunningTarget = 4,

    /// <summary>It changes the schema or the server, so it gets a worker of its own that no other family shares.</summary>
    ExclusiveWorker = 8,

    /// <summary>It splits its probes by <c>--shard i/n</c> and runs in every shard; the other families run whole in shard 1.</summary>
    Shardable = 16,

    /// <summary>
    /// It starts the app itself, against connections of its own making (through a fault proxy, a pooler): the pipeline does
    /// not start it but hands over a <c>TargetLauncher</c> feature (Harness.Targets) with the worker's database. Set it with
    /// <see cref="RunningTarget"/>, which makes the run plan and check the target.
    /// </summary>
    OwnTarget = 32,
}
