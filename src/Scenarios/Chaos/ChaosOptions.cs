using Harness.Chaos.Proxy;

namespace Harness.Scenarios.Chaos;

/// <summary>Whether the chaos run puts a real PgBouncer between the app and the server.</summary>
public enum PgBouncerUse
{
    /// <summary>When it is installed.</summary>
    Auto,

    /// <summary>Always; the run cannot go on without it.</summary>
    On,

    /// <summary>Never.</summary>
    Off,
}

/// <summary>A background job the app runs for a tenant: how to queue one and how to read its result.</summary>
/// <param name="Enqueue">The route that queues it, <c>POST /jobs/exports</c>.</param>
/// <param name="Result">The route that shows it, with the job's id as its last parameter, <c>GET /jobs/{jobId}</c>.</param>
public sealed record ChaosJob(string Enqueue, string Result)
{
    /// <summary>The JSON body the enqueue request carries, or null for none.</summary>
    public string? Body { get; init; }

    /// <summary>The field of the enqueue answer that holds the job's id.</summary>
    public string IdField { get; init; } = "id";

    /// <summary>The field of the result that holds the job's status.</summary>
    public string StatusField { get; init; } = "status";

    /// <summary>The statuses of a finished job.</summary>
    public IReadOnlyList<string> Finished { get; init; } = ["done", "failed", "completed", "succeeded", "error"];
}

/// <summary>A write each tenant makes during the faults: the route (path parameters take the tenant's own ids) and a JSON body
/// whose <c>{marker}</c> becomes a value unique to the request, by which the harness finds where the write landed.</summary>
public sealed record ChaosWrite(string Request, string Body);

/// <summary>The manifest's <c>chaos</c> section: how long, how hard, and which faults (defaults sized for 2 cores).</summary>
public sealed record ChaosOptions
{
    public static readonly TimeSpan DefaultDuration = TimeSpan.FromSeconds(60);

    /// <summary>The faults a run draws from when the manifest names none.</summary>
    public static readonly IReadOnlyList<FaultKind> DefaultFaults =
    [
        FaultKind.CutAfterContext, FaultKind.CutAfterCommitSent, FaultKind.ErrorReply, FaultKind.Reset, FaultKind.Timeout,
        FaultKind.Latency, FaultKind.Bandwidth, FaultKind.TerminateBackend, FaultKind.ClientCancel, FaultKind.PoolExhaustion,
        FaultKind.Restart,
    ];

    /// <summary>Tenants that send requests at once.</summary>
    public int Tenants { get; init; } = 8;

    /// <summary>How long faults are injected.</summary>
    public TimeSpan Duration { get; init; } = DefaultDuration;

    /// <summary>The mean time between two faults.</summary>
    public TimeSpan FaultEvery { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Requests per second per tenant.</summary>
    public double Rate { get; init; } = 4;

    /// <summary>Whether PgBouncer sits between the app and the server.</summary>
    public PgBouncerUse PgBouncer { get; init; } = PgBouncerUse.Auto;

    /// <summary>PgBouncer's server connections per pool (small, so transactions of different tenants share them).</summary>
    public int PoolSize { get; init; } = 2;

    /// <summary>The seed of the fault schedule; null takes the run's seed.</summary>
    public int? Seed { get; init; }

    /// <summary>The faults drawn from.</summary>
    public IReadOnlyList<FaultKind> Faults { get; init; } = DefaultFaults;

    /// <summary>How long the app has, once faults stop, to answer every tenant correctly again.</summary>
    public TimeSpan RestoreWithin { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The routes tenants read (<c>GET /sites</c>); null reads every tenant-scoped GET route of <c>endpoints</c>.</summary>
    public IReadOnlyList<string>? Reads { get; init; }

    /// <summary>Writes each tenant makes under the faults (a quarter of its rate); none: CHAOS002 and CHAOS005 are not covered.</summary>
    public IReadOnlyList<ChaosWrite> Writes { get; init; } = [];

    /// <summary>Background jobs whose results must carry only their tenant's data.</summary>
    public IReadOnlyList<ChaosJob> Jobs { get; init; } = [];

    /// <summary>How many jobs one tenant queues at once in the starvation probe (0: no probe).</summary>
    public int Flood { get; init; } = 12;
}
