using System.Diagnostics;
using System.Globalization;
using Harness.Errors;
using Harness.Findings;
using Harness.Manifest;
using Harness.Model;
using Harness.Probing;
using Harness.Running;
using Harness.Targets;
using Harness.Targets.Credentials;
using Harness.Targets.Endpoints;
using Npgsql;

namespace Harness.Scenarios.Idor;

/// <summary>
/// Cross-tenant IDOR against the running app: for every endpoint, tenant A's user asks for, changes, deletes and creates under
/// tenant B's rows (ids from the seed ledger), lists and exports are swept for other tenants' canaries and ids, a tenant id
/// in headers, query, body or route must be ignored, and missing or bad credentials must be refused. Writes are judged in the
/// database (the row's md5 as the admin), not by the status. One check per (endpoint, probe kind); <c>--shard i/n</c> runs a
/// deterministic slice of the probes.
/// </summary>
public sealed class IdorScenario : ScenarioFamily<IdorOptions>
{
    public const string ScenarioId = "idor";

    public override string Id => ScenarioId;

    public override IReadOnlyList<Rule> Rules => IdorRules.All;

    /// <summary>The running app and the seeded tenants; its probes split by <c>--shard i/n</c>.</summary>
    public override ScenarioNeeds Needs => ScenarioNeeds.SeedLedger | ScenarioNeeds.RunningTarget | ScenarioNeeds.Shardable;

    public override IdorOptions ReadOptions(ManifestSection section) => IdorOptionsReader.Read(section);

    protected override async Task<ScenarioResult> RunAsync(ScenarioContext context, IdorOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var stopwatch = Stopwatch.StartNew();
        var target = context.Target ?? throw new IdorException(
            "The IDOR probes need the running app: give the manifest a 'target' section (how to start it), 'credentials' and 'endpoints', "
            + "or pass a TargetContext in C# (ScenarioContext.Target, e.g. WebApplicationTarget<Program> from Harness.AspNetCore).");
        var ledger = context.Ledger ?? throw new IdorException("The IDOR probes need seeded tenants and their ledger; run them with `harness run`, which seeds first.");
        if (ledger.Tenants.Count < 2)
        {
            throw new IdorException($"The IDOR probes need at least 2 seeded tenants to aim one at another; the ledger has {ledger.Tenants.Count}.");
        }

        var model = context.Model;
        var resolution = await EndpointResolver.ResolveAsync(target.Endpoints, model, context.Catalog, cancellationToken);
        foreach (var skipped in resolution.NotTenantScoped)
        {
            context.Progress?.Report($"idor: not probed, not tenant data: {skipped}");
        }

        if (resolution.Endpoints.All(e => e.Kind == EndpointKind.Public))
        {
            throw new IdorException(
                $"The IDOR probes found no endpoint to probe: {resolution.Endpoints.Count} public, {resolution.NotTenantScoped.Count} not on tenant tables; "
                + "list the app's routes in the manifest's endpoints.routes (or give endpoints.openapi).");
        }

        var shapes = model.TenantTables
            .Select(context.Catalog.FindTable)
            .OfType<Catalog.TableInfo>()
            .ToDictionary(t => t.Name, t => new TableShape(t, model));
        var concurrency = options.Concurrency;
        // The admin runs the same few statements thousands of times (row checksums, copies, restores): prepared once per
        // connection, and never reset on return to the pool, since the harness sets no session state on these connections.
        var builder = new NpgsqlConnectionStringBuilder(context.AdminConnectionString)
        {
            ApplicationName = "harness-idor",
            Pooling = true,
            MaxAutoPrepare = 64,
            NoResetOnClose = true,
        };
        builder.MaxPoolSize = Math.Max(builder.MaxPoolSize, concurrency * 2);
        await using var admin = NpgsqlDataSource.Create(builder);
        var members = await TenantMembers.ReadAsync(context.AdminConnectionString, model, cancellationToken);
        var runtime = new IdorRuntime(
            new TargetClient(target.Target, target.Credentials), new LeakScanner(ledger), new AdminRows(admin, shapes),
            SeededPrincipals.For(ledger, model, members), ledger, model, context.Catalog, options, new FreshValues(ledger.Seed, BodyBuilder.Marker))
        {
            ManifestPath = target.ManifestPath ?? "harness.yaml",
        };

        var endpoints = resolution.Endpoints;
        await Guarded(target.Target, () => CheckCredentialsAsync(runtime, endpoints, cancellationToken), cancellationToken);
        var pairs = PairPlan.For(ledger.Tenants.Count, ledger.Seed, options.AllPairs);
        var planned = new IdorPlanner(endpoints, ledger, pairs, options, model, context.Catalog).Build();
        var probes = planned.Where(p => context.Shard.Includes(p.Id)).ToList();
        context.Progress?.Report(string.Create(CultureInfo.InvariantCulture,
            $"idor: {endpoints.Count} endpoints ({endpoints.Count(e => e.Kind == EndpointKind.Public)} public), {PairPlan.Describe(ledger.Tenants.Count, pairs.Count)}; "
            + $"{probes.Count} probes{(context.Shard.IsAll ? "" : $" of {planned.Count} (shard {context.Shard})")} against {target.Target.Description}, "
            + $"{concurrency} in flight, as {runtime.Client.Credentials.Description}"));

        var outcomes = new ProbeOutcome?[probes.Count];
        string? error = null;
        try
        {
            await RunAsync(runtime, probes, outcomes, concurrency, target.Target, context.Progress, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && outcomes.Any(o => o is not null))
        {
            // Whatever stops the family part-way (a target that stopped answering, a database error, a bug), what it found so
            // far is reported with the reason, never thrown away.
            error = e is HarnessException or NpgsqlException ? e.Message : HarnessBug.WithStackTrace(e);
            context.Progress?.Report(string.Create(CultureInfo.InvariantCulture,
                $"idor: stopped after {outcomes.Count(o => o is not null)} of {probes.Count} probes: {(e is HarnessException or NpgsqlException ? e.Message : HarnessBug.Describe(e))}"));
        }

        var ran = probes.Select((probe, index) => (probe, outcome: outcomes[index]))
            .Where(p => p.outcome is not null).Select(p => (p.probe, p.outcome!)).ToList();
        var unset = ran.Count(r => r.Item2.SetupFailed);
        if (unset > 0)
        {
            context.Progress?.Report(string.Create(CultureInfo.InvariantCulture, $"idor: {unset} probes skipped, their set-up failed (reported as inconclusive)"));
        }

        var failures = error is null
            ? await Guarded(target.Target, () => OwnTenantFailures.FindAsync(runtime, endpoints, ran, cancellationToken), cancellationToken)
            : [];
        return new ScenarioResult(ScenarioId, IdorJudge.Judge(endpoints, ran, failures, i => runtime.Principal(i).TenantId), stopwatch.Elapsed) { Error = error };
    }

    private static async Task RunAsync(
        IdorRuntime runtime, List<IdorProbe> probes, ProbeOutcome?[] outcomes, int concurrency, IRunningTarget target, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var phases = probes.Select((probe, index) => (probe, index)).GroupBy(p => ProbeKinds.Phase(p.probe.Kind)).OrderBy(g => g.Key);
        foreach (var phase in phases)
        {
            // Probes sharing a serial key run one after another in plan order; creates run in rounds (CreateRounds).
            var groups = phase.Where(p => p.probe is not CreateProbe).GroupBy(p => p.probe.SerialKey, StringComparer.Ordinal).ToList();
            var options = new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(groups, options, async (group, token) =>
            {
                foreach (var (probe, index) in group)
                {
                    outcomes[index] = await Guarded(target, () => SkippingSetupAsync(probe, () => probe.RunAsync(runtime, token)), token);
                }
            });
            var creates = phase.Where(p => p.probe is CreateProbe).Select(p => ((CreateProbe)p.probe, p.index)).ToList();
            await new CreateRounds(runtime, target, concurrency).RunAsync(creates, outcomes, cancellationToken);
            progress?.Report(string.Create(CultureInfo.InvariantCulture,
                $"idor: {string.Join(", ", phase.SelectMany(p => p.probe.Kinds).Distinct().Select(ProbeKinds.Name))}: {phase.Count()} probes, {phase.Sum(p => outcomes[p.index]!.Requests)} requests, {phase.Sum(p => outcomes[p.index]!.Findings.Count)} findings"));
        }
    }

    /// <summary>
    /// A database error is only ever the admin's (the app answers over HTTP): the probe's set-up failed, so it is skipped
    /// as inconclusive (<see cref="SetupFailure"/>) and the others go on.
    /// </summary>
    internal static async Task<ProbeOutcome> SkippingSetupAsync(IdorProbe probe, Func<Task<ProbeOutcome>> run)
    {
        try
        {
            return await run();
        }
        catch (PostgresException e)
        {
            return SetupFailure.Skipped($"preparing {probe.Subject} on", null, e);
        }
    }

    /// <summary>A target that stops answering is a run that could not be made, with the target's last output, not a pass.</summary>
    internal static async Task<T> Guarded<T>(IRunningTarget target, Func<Task<T>> action, CancellationToken cancellationToken)
    {
        try
        {
            return await action();
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var output = target.RecentOutput;
            throw new IdorException(
                $"The target at {target.BaseAddress} stopped answering ({e.Message}){(output.Length == 0 ? "" : $"; its last output:\n{output}")}", e)
            {
                Target = target.BaseAddress,
                Output = output,
            };
        }
    }

    private static async Task<bool> CheckCredentialsAsync(IdorRuntime runtime, IReadOnlyList<Endpoint> endpoints, CancellationToken cancellationToken)
    {
        var list = endpoints.FirstOrDefault(e => e.Kind is EndpointKind.List && e.Method == "GET" && e.Parameters.Count == 0);
        if (list is null)
        {
            return true;
        }

        var principal = runtime.Principal(0);
        var request = new TargetRequest("GET", SweepProbe.PathAndQuery(list, principal));
        var response = await runtime.Client.SendAsAsync(principal, request, cancellationToken);
        return response.Status != 401 ? true : throw new IdorException(
            $"The target refuses the harness's own users: {request} as {runtime.Tenant(0)} with {runtime.Client.Credentials.Description} answered 401 "
            + $"({Shorten(response.Body)}); check the manifest's credentials section (key, issuer, audience, claims) against what the app accepts.")
        {
            Target = runtime.Client.BaseAddress,
        };
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "...";
}
