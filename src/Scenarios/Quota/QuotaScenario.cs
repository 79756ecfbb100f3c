using System.Diagnostics;
using System.Globalization;
using Harness.Errors;
using Harness.Findings;
using Harness.Manifest;
using Harness.Probing;
using Harness.Running;
using Harness.Targets;
using Harness.Targets.Credentials;
using Harness.Targets.Endpoints;

namespace Harness.Scenarios.Quota;

/// <summary>
/// Per-tenant quotas against the running app, for each limit the manifest's <c>quota</c> section declares: a tenant
/// offered well over its limit must be throttled (QUO001), its neighbours must not be (QUO002), the key must come from the
/// credential and not a header or query (QUO003), throttling must answer the declared status (QUO004) with a valid
/// Retry-After (QUO005) that matches the observed reset (QUO006), the effective limit must be the declared one (QUO007) and
/// RateLimit fields, when sent, must agree with what was observed (QUO008). Each probe acts as seeded tenants of its own,
/// so probes never share a bucket; floods are bounded in count and time. Gate-sized: seconds per limit with short windows.
/// </summary>
public sealed class QuotaScenario : ScenarioFamily<QuotaOptions>, IScenario
{
    public const string ScenarioId = "quota";

    public override string Id => ScenarioId;

    public override IReadOnlyList<Rule> Rules => QuotaRules.All;

    /// <summary>The running app and the seeded tenants; not shardable (a limit's probes share timing), not exclusive (it changes nothing).</summary>
    public override ScenarioNeeds Needs => ScenarioNeeds.SeedLedger | ScenarioNeeds.RunningTarget;

    public override QuotaOptions ReadOptions(ManifestSection section) => QuotaOptionsReader.Read(section);

    /// <summary>Configured when the manifest declares at least one limit.</summary>
    bool IScenario.IsConfigured(object? options) => options is QuotaOptions { Limits.Count: > 0 };

    protected override async Task<ScenarioResult> RunAsync(ScenarioContext context, QuotaOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        var stopwatch = Stopwatch.StartNew();
        if (options.Limits.Count == 0)
        {
            throw new QuotaException(
                "The quota checks have no limit to check: declare the app's quotas in the manifest's 'quota' section, e.g.\n"
                + "quota:\n  limits:\n    - endpoints: [GET /sites]   # \"METHOD /path\"; a group shares one bucket\n      limit: 20                # requests per window per key\n"
                + "      window: 4s\n      key: tenant              # tenant | user | ip | site | route:<param>");
        }

        var target = context.Target ?? throw new QuotaException(
            "The quota checks need the running app: give the manifest a 'target' section (how to start it), 'credentials' and 'endpoints', "
            + "or pass a TargetContext in C# (ScenarioContext.Target).");
        var ledger = context.Ledger ?? throw new QuotaException("The quota checks need seeded tenants and their ledger; run them with `harness run`, which seeds first.");
        var members = await TenantMembers.ReadAsync(context.AdminConnectionString, context.Model, cancellationToken);
        var principals = SeededPrincipals.For(ledger, context.Model, members);
        var client = new TargetClient(target.Target, target.Credentials);
        var sender = new QuotaSender(target.Target, client, stopwatch);
        var requests = await RequestsAsync(context, target, options, cancellationToken);
        context.Progress?.Report(string.Create(CultureInfo.InvariantCulture,
            $"quota: {options.Limits.Count} limits against {target.Target.Description} as {client.Credentials.Description}, maxWait {DurationText.Format(options.MaxWait)}"));

        var checks = new List<CheckResult>();
        var metrics = new List<Metric>();
        var series = new List<MetricSeries>();
        string? error = null;
        for (var i = 0; i < options.Limits.Count; i++)
        {
            var limit = options.Limits[i];
            var roles = LimitRoles.For(principals, members, ledger.Seed, i, limit.Key.Kind);
            LimitObservations seen;
            try
            {
                seen = await new LimitProbe(sender, requests, limit, roles, options, context.Model.TenantKey).RunAsync(cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                var output = target.Target.RecentOutput;
                error = $"The target at {target.Target.BaseAddress} stopped answering during {limit.Name} ({e.Message}){(output.Length == 0 ? "" : $"; its last output:\n{output}")}";
                if (checks.Count == 0)
                {
                    throw new QuotaException(error, e) { Target = target.Target.BaseAddress };
                }

                break;
            }

            var script = await ScriptAsync(client, target, roles, cancellationToken);
            var judge = new LimitJudge(seen, options, script);
            var judged = judge.Checks();
            checks.AddRange(judged);
            metrics.AddRange(judge.Metrics());
            series.AddRange(judge.Series());
            context.Progress?.Report(string.Create(CultureInfo.InvariantCulture,
                $"quota: {limit.Name} ({limit.Capacity} per {DurationText.Format(limit.Window)} by {limit.Key}): {seen.Requests} requests, "
                + $"{judged.Sum(c => c.Findings.Count)} findings, {judged.Count(c => !c.Covered)} not covered"));
        }

        return new ScenarioResult(ScenarioId, checks, stopwatch.Elapsed) { Error = error, Metrics = metrics, Series = series };
    }

    /// <summary>Route parameters are mapped through the endpoints section only when some limit's probe endpoint has one.</summary>
    private static async Task<QuotaRequests> RequestsAsync(ScenarioContext context, TargetContext target, QuotaOptions options, CancellationToken cancellationToken)
    {
        if (options.Limits.All(l => Endpoint.ParameterNames(l.Probe.Path).Count == 0))
        {
            return new QuotaRequests([], null, context.Ledger!, context.Model);
        }

        try
        {
            var resolution = await EndpointResolver.ResolveAsync(target.Endpoints, context.Model, context.Catalog, cancellationToken);
            return new QuotaRequests(resolution.Endpoints, null, context.Ledger!, context.Model);
        }
        catch (HarnessException e)
        {
            return new QuotaRequests([], e.Message, context.Ledger!, context.Model);
        }
    }

    /// <summary>A script maker with the credentials of the limit's tenants (their kind decides the curl argument).</summary>
    private static async Task<Func<QuotaReproductions>> ScriptAsync(TargetClient client, TargetContext target, LimitRoles roles, CancellationToken cancellationToken)
    {
        var credentials = new Dictionary<string, Credential>(StringComparer.Ordinal);
        foreach (var principal in new[] { roles.Noisy, roles.Neighbour, roles.Fresh, roles.Victim, roles.Bystander }.OfType<TenantPrincipal>())
        {
            credentials[principal.Key] = await client.CredentialForAsync(principal, cancellationToken);
        }

        return () => new QuotaReproductions(client.BaseAddress, target.ManifestPath ?? "harness.yaml", credentials);
    }
}
