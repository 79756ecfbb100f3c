using System.Diagnostics;
using System.Globalization;
using Harness.Findings;
using Harness.Load;
using Harness.Manifest;
using Harness.Running;
using Harness.Targets;
using Harness.Targets.Credentials;

namespace Harness.Scenarios.Soak;

/// <summary>
/// The noisy-neighbour soak (<c>harness soak</c>, never part of <c>--scenarios all</c>): neighbours request the endpoint at a
/// steady open-model rate through baseline, flood and recovery while one tenant floods it in the middle phase; the
/// neighbours' corrected latency, success rate, fairness and recovery are judged against the baseline, and with churn the
/// app's memory and latency trends. A saturated generator is never judged. Stopping early (the run's stop request, the
/// first Ctrl+C of <c>harness soak</c>) judges what was measured until then.
/// </summary>
public sealed class SoakScenario : ScenarioFamily<SoakOptions>, IScenario
{
    public const string ScenarioId = "soak";

    public override string Id => ScenarioId;

    public override IReadOnlyList<Rule> Rules => SoakRules.All;

    /// <summary>The running app and the seeded tenants; its neighbours split by <c>--shard i/n</c> (the noisy tenant runs in shard 1).</summary>
    public override ScenarioNeeds Needs => ScenarioNeeds.SeedLedger | ScenarioNeeds.RunningTarget | ScenarioNeeds.Shardable;

    /// <summary>Minutes of load: only when named (<c>harness soak</c> or <c>--scenarios soak</c>).</summary>
    bool IScenario.RunsInAll => false;

    /// <summary>Configured when the manifest names the endpoint to request.</summary>
    bool IScenario.IsConfigured(object? options) => options is SoakOptions { Endpoint: not null };

    public override SoakOptions ReadOptions(ManifestSection section) => SoakOptionsReader.Read(section);

    protected override async Task<ScenarioResult> RunAsync(ScenarioContext context, SoakOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        var stopwatch = Stopwatch.StartNew();
        var target = context.Target ?? throw new SoakException(
            "The soak needs the running app: give the manifest a 'target' section (how to start it) and 'credentials', or pass a TargetContext in C#.");
        var ledger = context.Ledger ?? throw new SoakException("The soak needs seeded tenants and their ledger; run it with `harness soak`, which seeds first.");
        var endpoint = options.Endpoint ?? throw new SoakException(
            "The soak has no endpoint to request: add 'soak: { endpoint: GET /<path> }' to the manifest (a {param} in the path gets each tenant's own seeded id).");

        var tenants = await SoakTenants.PlanAsync(
            endpoint, options.Neighbours, ledger, context.Model, context.Catalog, target.Endpoints, context.AdminConnectionString, context.Shard, cancellationToken);
        if (tenants.NeighboursPlanned < options.Neighbours)
        {
            context.Progress?.Report($"soak: {tenants.NeighboursPlanned} neighbours, not {options.Neighbours}: {ledger.Tenants.Count} tenants were seeded (one is the noisy tenant)");
        }

        if (tenants.Noisy is null && tenants.Neighbours.Count == 0)
        {
            return new ScenarioResult(ScenarioId, [new CheckResult(SoakRules.LatencyDegraded, $"{endpoint} neighbours", [], 0)
            {
                NotCovered = $"shard {context.Shard} has no neighbour of the {tenants.NeighboursPlanned} and not the noisy tenant (shard 1); use fewer shards than neighbours",
            }], stopwatch.Elapsed);
        }

        var churnNotCovered = options.Churn > 0 ? SoakChurn.Unsupported(target.Credentials) : null;
        var churn = options.Churn > 0 && churnNotCovered is null && tenants.Noisy is { } noisy
            ? SoakChurn.Principals(noisy.Principal, options.Churn, ledger.Seed)
            : [];
        using var load = await SoakLoad.CreateAsync(options, tenants, churn, target, ledger.Seed, cancellationToken);
        context.Progress?.Report(Describe(endpoint, options, tenants, churn.Count, target.Target.Description, context.Shard));

        await load.WarmUpAsync(cancellationToken);
        if (options.StartAt is { } startAt)
        {
            await WaitForStartAsync(startAt, context.Progress, cancellationToken);
        }

        var memoryNotCovered = options.Churn > 0 ? ProcessMemory.Unavailable(target.Target.ProcessId) : null;
        await using var memory = options.Churn > 0 && memoryNotCovered is null ? new MemorySampler(target.Target.ProcessId!.Value) : null;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, context.StopRequested);
        var monitor = new SoakMonitor(load.Streams, options.Thresholds, context.Progress, stop.Cancel);
        var started = DateTime.UtcNow;
        memory?.Start();
        var result = await LoadEngine.RunAsync(load.Streams, options.MaxSendLag is { } lag
            ? new LoadOptions { OnInterval = monitor.OnInterval, MaxLagP99 = lag }
            : new LoadOptions { OnInterval = monitor.OnInterval }, stop.Token);
        var samples = memory is null ? [] : await memory.StopAsync();
        cancellationToken.ThrowIfCancellationRequested();
        if (context.StopRequested.IsCancellationRequested)
        {
            context.Progress?.Report(string.Create(CultureInfo.InvariantCulture, $"soak: stopped early at {result.Elapsed.TotalSeconds:0} s; judging what was measured"));
        }

        return Result(endpoint, options, tenants, result, churnNotCovered, memoryNotCovered, samples, started, stopwatch);
    }

    private static ScenarioResult Result(
        string endpoint, SoakOptions options, SoakTenants tenants, LoadResult result, string? churnNotCovered, string? memoryNotCovered,
        IReadOnlyList<(double X, double Y)> memory, DateTime started, Stopwatch stopwatch)
    {
        StreamResult? Of(SoakTenant tenant, string phase) => result.Streams.FirstOrDefault(s => s.Key == $"{tenant.StreamName}/{phase}");
        var neighbours = tenants.Neighbours
            .Select(n => new NeighbourRun(n.Label, n.Principal.TenantId, Of(n, SoakPhases.BaselineName), Of(n, SoakPhases.FloodName), Of(n, SoakPhases.RecoveryName)))
            .Select(n => n with
            {
                // A phase the load never reached offered nothing: it did not run.
                Baseline = n.Baseline is { Offered: > 0 } ? n.Baseline : null,
                Flood = n.Flood is { Offered: > 0 } ? n.Flood : null,
                Recovery = n.Recovery is { Offered: > 0 } ? n.Recovery : null,
            })
            .ToList();
        var noisy = tenants.Noisy is { } n ? Of(n, SoakPhases.FloodName) is { Offered: > 0 } flood ? flood : null : null;
        var measures = new SoakMeasures(endpoint, neighbours, noisy, options.Phases, options.Churn, memory, memoryNotCovered, churnNotCovered);

        var byTenant = tenants.Neighbours.Concat(tenants.Noisy is null ? [] : [tenants.Noisy])
            .Select(t => (Tenant: t, Streams: (IReadOnlyList<StreamResult>)[.. result.Streams.Where(s => s.Name == t.StreamName && s.Offered > 0)]))
            .ToList();
        var floods = neighbours.Where(r => r.Flood is { Offered: > 0 }).Select(r => r.Flood!.Statuses.Success / (double)r.Flood.Offered).ToList();
        var streamsRun = result.Streams.Where(s => s.Offered > 0).ToList();
        var (checks, error) = Judged(result, measures, options.Thresholds);
        return new ScenarioResult(ScenarioId, checks, stopwatch.Elapsed)
        {
            Error = error,
            Metrics = SoakOutputs.Metrics(byTenant.SelectMany(t => t.Streams.Select(s => (t.Tenant, s))), floods.Count >= 2 ? SoakJudge.JainIndex(floods) : null),
            Series = SoakOutputs.Series(byTenant, options.Phases, memory),
            Artifacts = streamsRun.Count > 0 ? [SoakOutputs.HistogramLog(streamsRun, started)] : [],
        };
    }

    /// <summary>
    /// The checks, and the error that makes the run INCOMPLETE. A generator that lagged never passes a soak: its late sends
    /// count as the app's latency, so the latency, fairness, recovery and trend checks cannot be trusted either way. Whether
    /// a neighbour was answered 2xx does not depend on when its request left, though: when every request went out (none
    /// dropped at the in-flight cap) and a neighbour's success rate fell (SOAK002), that is evidence, reported as a finding
    /// beside the other checks marked not covered; otherwise the saturated run is INCOMPLETE with no check.
    /// </summary>
    private static (IReadOnlyList<CheckResult> Checks, string? Error) Judged(LoadResult result, SoakMeasures measures, SoakThresholds thresholds)
    {
        var checks = SoakVerdict.Judge(measures, thresholds);
        if (!result.Saturated)
        {
            return (checks, null);
        }

        var saturated = string.Join("; ", result.SaturationReasons);
        var everySent = result.Streams.All(s => s.Dropped == 0);
        if (!everySent || !checks.Any(c => c.Rule == SoakRules.SuccessDropped && c.Findings.Count > 0))
        {
            return ([], saturated);
        }

        return ([.. checks.Select(c => c.Rule == SoakRules.SuccessDropped ? c : c with { Findings = [], NotCovered = saturated })], null);
    }

    private static string Describe(string endpoint, SoakOptions options, SoakTenants tenants, int churn, string target, Shard shard)
    {
        var noisy = tenants.Noisy is null ? ""
            : string.Create(CultureInfo.InvariantCulture, $", the noisy tenant at {options.Noisy:0.##}/s in the flood") + (churn > 0 ? string.Create(CultureInfo.InvariantCulture, $" over {churn} tenant ids") : "");
        return string.Create(CultureInfo.InvariantCulture, $"soak: {endpoint} against {target}: {tenants.Neighbours.Count} neighbours at {options.Rate:0.##}/s")
            + noisy
            + $"; baseline {SoakDuration.Format(options.Phases.Baseline)}, flood {SoakDuration.Format(options.Phases.Flood)}, recovery {SoakDuration.Format(options.Phases.Recovery)}"
            + (shard.IsAll ? "" : $" (shard {shard})");
    }

    private static async Task WaitForStartAsync(DateTimeOffset startAt, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        // The engine starts its streams a moment (its start lead) after it is called.
        var wait = startAt - DateTimeOffset.UtcNow - TimeSpan.FromMilliseconds(100);
        if (wait < TimeSpan.Zero)
        {
            throw new SoakException(string.Create(CultureInfo.InvariantCulture,
                $"--start-at {startAt.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} passed {(-wait).TotalSeconds:0.#} s before the load could start (seeding and starting the app took longer); give every shard a later common start time"));
        }

        progress?.Report(string.Create(CultureInfo.InvariantCulture, $"soak: waiting {wait.TotalSeconds:0.#} s for the common start at {startAt.UtcDateTime:HH:mm:ss}Z"));
        await Task.Delay(wait, cancellationToken);
    }
}
