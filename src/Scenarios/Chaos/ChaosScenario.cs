using System.Diagnostics;
using System.Globalization;
using Harness.Chaos.Client;
using Harness.Chaos.Pooling;
using Harness.Chaos.Proxy;
using Harness.Findings;
using Harness.Load;
using Harness.Manifest;
using Harness.Probing;
using Harness.Provisioning;
using Harness.Running;
using Harness.Targets;
using Harness.Targets.Credentials;
using Harness.Targets.Endpoints;

namespace Harness.Scenarios.Chaos;

/// <summary>
/// The chaos kit as a family: the app is started against its own worker through a PostgreSQL-aware fault proxy (and a real
/// PgBouncer in transaction mode when installed); a few tenants read their own data at a steady rate while a seeded schedule
/// of faults runs (connections cut after the tenant context or during COMMIT, injected errors, resets, half-open peers,
/// latency, terminated backends, client cancellations, one tenant holding the pool). A fault may fail a request; it may
/// never show one tenant another's data. The steady state (every tenant answered correctly, nothing leaked) is checked
/// before and after, and the proxies judge every connection's tenant context.
/// </summary>
public sealed class ChaosScenario : ScenarioFamily<ChaosOptions>, IScenario
{
    public const string ScenarioId = "chaos";

    public override string Id => ScenarioId;

    public override IReadOnlyList<Rule> Rules => ChaosRules.All;

    /// <summary>Its own worker (it terminates backends on it) and its own instance of the app, which it starts through the proxy.</summary>
    public override ScenarioNeeds Needs =>
        ScenarioNeeds.SeedLedger | ScenarioNeeds.AppConnection | ScenarioNeeds.RunningTarget | ScenarioNeeds.ExclusiveWorker | ScenarioNeeds.OwnTarget;

    /// <summary>In <c>all</c> only when the manifest has a <c>chaos</c> section (it runs for its duration, a minute by default).</summary>
    bool IScenario.IsConfigured(object? options) => options is ChaosOptions;

    public override ChaosOptions ReadOptions(ManifestSection section) => ChaosOptionsReader.Read(section);

    protected override async Task<ScenarioResult> RunAsync(ScenarioContext context, ChaosOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        var stopwatch = Stopwatch.StartNew();
        var launcher = context.TargetLauncher ?? throw new ChaosException(
            "The chaos run starts the app itself through its fault proxy: give the manifest a 'target' section (how to start it), 'credentials' and 'endpoints'.");
        var ledger = context.Ledger ?? throw new ChaosException("The chaos run needs seeded tenants and their ledger; run it with `harness run`, which seeds first.");
        var seed = options.Seed ?? ledger.Seed;
        var tenants = await TenantsAsync(context, launcher, options, cancellationToken);
        if (options.Jobs.Select(JobClient.Problem).FirstOrDefault(p => p is not null) is { } jobProblem)
        {
            throw new ChaosException(jobProblem);
        }

        var withPgBouncer = UsePgBouncer(options.PgBouncer);
        var template = new PgProxyOptions
        {
            UpstreamHost = "127.0.0.1",
            UpstreamPort = 5432,
            Context = new TenantContextSettings { Settings = context.Model.Context.Settings },
            TenantTables = context.Model.TenantTables.Append(context.Model.Root).Select(t => t.Value).ToHashSet(StringComparer.OrdinalIgnoreCase),
            Seed = seed,
        };

        var observations = new ChaosObservations();
        await using var topology = await ChaosTopology.StartAsync(launcher.Database, template, withPgBouncer, options.PoolSize, cancellationToken);
        context.Progress?.Report($"chaos: {topology.Description}");
        var target = await launcher.StartAsync(topology.Database, cancellationToken);
        var startedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        IReadOnlyList<ScheduledFault> schedule;
        (TimeSpan? RestoredAfter, IReadOnlyList<(ChaosTenant Tenant, ChaosRead Read, int Status)> LastFailures) restore;
        var jobChecks = new List<CheckResult>();
        var tenantIds = ledger.Tenants.Select(t => t.TenantId).ToList();
        var evidence = new ChaosEvidence(seed, topology.Description, topology.TranscriptOf, observations, startedAt);
        var markers = new WriteMarkers(seed);
        await using (target.Target)
        {
            var client = new TargetClient(target.Target, target.Credentials);
            using var cancelling = target.Target.OverNetwork
                ? new HttpClient(new CancellingHandler(new ClientCancellationOptions { InjectionRate = 0.5, Seed = seed }, new SocketsHttpHandler()))
                {
                    BaseAddress = target.Target.BaseAddress,
                    Timeout = TimeSpan.FromSeconds(30),
                }
                : null;
            var sender = new ChaosSender(client, target.Target.Client, cancelling, new LeakScanner(ledger), observations, clock);
            var steady = new SteadyState(sender, observations);
            tenants = await HealthyReadsAsync(steady, tenants, context, cancellationToken);
            schedule = FaultSchedule.Plan(seed, options.Duration, options.FaultEvery, options.Faults, tenants.Count);
            context.Progress?.Report(string.Create(CultureInfo.InvariantCulture,
                $"chaos: {tenants.Count} tenants at {options.Rate:0.#}/s for {DurationText.Format(options.Duration)}, {schedule.Count} faults (seed {seed})"));

            var faultsStart = clock.Elapsed;
            var driver = new FaultDriver(topology, sender, tenants, observations, context.AdminConnectionString, options.FaultEvery, context.Feature<IRestartableServer>());
            var streams = tenants.Select((t, i) => new LoadStream(
                $"tenant {t.Index}", "chaos",
                ArrivalSchedule.Constant(options.Rate, options.Duration).WithPoisson(unchecked(seed + i)),
                ct => sender.ReadAsync(t, "chaos", ct),
                MaxInFlight: 16)).ToList();
            streams.AddRange(tenants.Where(t => t.Writes.Count > 0).Select((t, i) => new LoadStream(
                $"tenant {t.Index}", "chaos writes",
                ArrivalSchedule.Constant(Math.Max(0.5, options.Rate / 4), options.Duration).WithPoisson(unchecked(seed - i - 1)),
                ct => sender.WriteAsync(t, markers, "chaos", ct),
                MaxInFlight: 8)));
            var load = LoadEngine.RunAsync(streams, new LoadOptions
            {
                MaxLagP99 = TimeSpan.FromSeconds(1),
                RequestTimeout = TimeSpan.FromSeconds(10),
                DrainTimeout = TimeSpan.FromSeconds(10),
            }, cancellationToken);
            await Task.WhenAll(load, driver.RunAsync(schedule, clock, faultsStart, cancellationToken));
            context.Progress?.Report($"chaos: faults stopped; checking every tenant is answered correctly again within {DurationText.Format(options.RestoreWithin)}");
            restore = await steady.RestoreAsync(tenants, options.RestoreWithin, cancellationToken);
            for (var i = 0; i < options.Jobs.Count; i++)
            {
                var job = options.Jobs[i];
                var flood = i == 0 ? options.Flood : 0;
                context.Progress?.Report($"chaos: jobs {job.Enqueue} -> {job.Result}: one per tenant, {Math.Min(3, tenants.Count - 1)} retried after a fault{(flood > 0 ? $", a flood of {flood}" : "")}");
                var probes = new JobProbes(new JobClient(client, target.Target.Client, job, clock, markers), topology, new LeakScanner(ledger), evidence, tenantIds);
                jobChecks.AddRange(await probes.RunAsync(tenants, flood, cancellationToken));
            }
        }

        var events = topology.AppSide.Events().Concat(topology.ServerSide?.Events() ?? []).ToList();
        var judge = new ChaosJudge(evidence, events, context.Model.Context.Settings.Count > 0);
        var requests = observations.Phases.Values.Sum(p => p.Sent);
        var writeChecks = await WriteLanding.JudgeAsync(context.AdminConnectionString, context.Model, markers, tenantIds, evidence, cancellationToken);
        List<CheckResult> checks =
        [
            judge.Leaks(observations.Leaks, tenants, tenantIds, requests),
            writeChecks[0],
            judge.FailOpen(),
            judge.SessionContext(),
            writeChecks[1],
            Restored(restore, evidence, options),
            judge.NoContext(),
            .. jobChecks,
        ];
        if (options.Jobs.Count == 0 || options.Flood == 0)
        {
            checks.Add(ChaosJudge.NotCovered(ChaosRules.QueueStarvation, "job queue under one tenant's flood",
                options.Jobs.Count == 0 ? "the manifest names no background job (chaos.jobs)" : "chaos.flood is 0"));
        }

        var metrics = Metrics(observations, restore.RestoredAfter, seed);
        if (FirstEvidence(observations, events, startedAt) is { } first)
        {
            metrics.Add(new Metric("first leak or fail-open after", Math.Round(first.TotalSeconds, 2), "s"));
        }

        return new ScenarioResult(ScenarioId, checks, stopwatch.Elapsed)
        {
            Metrics = metrics,
            Artifacts = [new ScenarioArtifact("schedule.txt", "text/plain", System.Text.Encoding.UTF8.GetBytes(ScheduleText(seed, topology, observations)))],
        };
    }

    private static async Task<IReadOnlyList<ChaosTenant>> TenantsAsync(
        ScenarioContext context, TargetLauncher launcher, ChaosOptions options, CancellationToken cancellationToken)
    {
        var ledger = context.Ledger!;
        var members = await TenantMembers.ReadAsync(context.AdminConnectionString, context.Model, cancellationToken);
        var principals = SeededPrincipals.For(ledger, context.Model, members);
        var endpoints = (await EndpointResolver.ResolveAsync(launcher.Endpoints, context.Model, context.Catalog, cancellationToken)).Endpoints;
        var tenants = principals.Take(options.Tenants)
            .Select(p => new ChaosTenant(
                p,
                ChaosReads.For(endpoints, options.Reads, p, ledger.Tenants[p.TenantIndex], context.Model),
                ChaosReads.Writes(endpoints, options.Writes, ledger.Tenants[p.TenantIndex], context.Model)))
            .Where(t => t.Reads.Count > 0)
            .ToList();
        return tenants.Count >= 2
            ? tenants
            : throw new ChaosException(
                "The chaos run needs at least two tenants with a GET route to read their own data: list tenant-scoped GET routes in 'endpoints' "
                + "(or name them in chaos.reads) whose path parameters map to seeded tables, and seed at least two tenants.");
    }

    /// <summary>The steady state before the faults: reads that fail already are left out, with a note; a leak is recorded.</summary>
    private static async Task<IReadOnlyList<ChaosTenant>> HealthyReadsAsync(
        SteadyState steady, IReadOnlyList<ChaosTenant> tenants, ScenarioContext context, CancellationToken cancellationToken)
    {
        var failed = await steady.RoundAsync(tenants, "before", cancellationToken);
        if (failed.Count == 0)
        {
            return tenants;
        }

        context.Progress?.Report(string.Create(CultureInfo.InvariantCulture,
            $"chaos: {failed.Count} reads failed before any fault and are left out, e.g. {failed[0].Read.Request} -> {failed[0].Status}"));
        var healthy = tenants
            .Select(t => new ChaosTenant(t.Principal, [.. t.Reads.Where(r => !failed.Any(f => f.Tenant == t && f.Read == r))], t.Writes))
            .Where(t => t.Reads.Count > 0)
            .ToList();
        return healthy.Count >= 2
            ? healthy
            : throw new ChaosException(
                $"The app did not answer the tenants' reads before any fault was injected (e.g. {failed[0].Read.Request} -> {failed[0].Status}): the steady state does not hold, so faults could not be judged. Check the app's output and its database connection.");
    }

    private static bool UsePgBouncer(PgBouncerUse use) => use switch
    {
        PgBouncerUse.Off => false,
        PgBouncerUse.On => PgBouncerProcess.FindBinary() is not null
            ? true
            : throw new ChaosException("chaos.pgbouncer is on, but PgBouncer is not installed: install it (Debian/Ubuntu: apt-get install pgbouncer; ./run-suite.sh does as root) or set chaos.pgbouncer: auto"),
        _ => PgBouncerProcess.FindBinary() is not null,
    };

    private static CheckResult Restored(
        (TimeSpan? RestoredAfter, IReadOnlyList<(ChaosTenant Tenant, ChaosRead Read, int Status)> LastFailures) restore, ChaosEvidence evidence, ChaosOptions options)
    {
        const string subject = "steady state after the faults";
        if (restore.RestoredAfter is not null)
        {
            return new CheckResult(ChaosRules.NotRestored, subject, []);
        }

        var failures = restore.LastFailures;
        var example = failures.Count > 0 ? $", e.g. tenant {failures[0].Tenant.Index} {failures[0].Read.Request} -> {failures[0].Status}" : ", with another tenant's data in an answer";
        var finding = new Finding(
            ChaosRules.NotRestored, ScenarioId, subject,
            string.Create(CultureInfo.InvariantCulture,
                $"{failures.Count} reads still failed {DurationText.Format(options.RestoreWithin)} after the faults stopped{example}"),
            $"{string.Join("; ", failures.Take(5).Select(f => $"tenant {f.Tenant.Index} {f.Read.Request} -> {f.Status}"))}; {evidence.Context(TimeSpan.MaxValue)}");
        return new CheckResult(ChaosRules.NotRestored, subject, [finding]);
    }

    private static List<Metric> Metrics(ChaosObservations observations, TimeSpan? restoredAfter, int seed)
    {
        var metrics = new List<Metric> { new("seed", seed, "") };
        foreach (var (phase, counts) in observations.Phases)
        {
            metrics.Add(new Metric("requests", counts.Sent, "") { Subject = phase });
            metrics.Add(new Metric("failed requests", counts.Failed, "") { Subject = phase });
            metrics.Add(new Metric("cancelled requests", counts.Cancelled, "") { Subject = phase });
        }

        metrics.Add(new Metric("faults set off", observations.Faults.Count, ""));
        metrics.Add(new Metric("faults that reached their point", observations.Faults.Count(f => !f.Outcome.StartsWith("not reached", StringComparison.Ordinal)), ""));
        if (restoredAfter is { } after)
        {
            metrics.Add(new Metric("restored after", Math.Round(after.TotalSeconds, 2), "s"));
        }

        return metrics;
    }

    /// <summary>How long after the app started the first answer leaked or the first query ran fail-open (time to detect).</summary>
    private static TimeSpan? FirstEvidence(ChaosObservations observations, IReadOnlyList<ProxyEvent> events, DateTimeOffset startedAt)
    {
        var times = observations.Leaks.Select(l => l.At)
            .Concat(events.OfType<DataQueryEvent>().Where(ChaosJudge.IsFailOpen).Select(q => q.At - startedAt))
            .ToList();
        return times.Count == 0 ? null : times.Min();
    }

    private static string ScheduleText(int seed, ChaosTopology topology, ChaosObservations observations) =>
        $"seed {seed}\ntopology: {topology.Description}\n"
        + string.Join("\n", observations.Faults.OrderBy(f => f.At).Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Planned} at +{f.At.TotalSeconds:0.00}s: {f.Outcome}")))
        + "\n";
}
