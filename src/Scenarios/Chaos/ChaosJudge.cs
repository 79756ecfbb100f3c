using System.Globalization;
using Harness.Chaos.Proxy;
using Harness.Findings;
using Harness.Running;

namespace Harness.Scenarios.Chaos;

/// <summary>
/// Turns what the run saw into checks: leaks in answers (CHAOS001), and from the proxies' view of every connection,
/// fail-open data queries (CHAOS003), session-scoped tenant context (CHAOS004) and data queries with no context (CHAOS007).
/// Each finding names its tenants and carries the seed, the faults around it and the connection's transcript.
/// </summary>
internal sealed class ChaosJudge(ChaosEvidence evidence, IReadOnlyList<ProxyEvent> events, bool contextKnown)
{
    /// <summary>At most this many findings per check: one is proof, the count says how often.</summary>
    private const int Examples = 3;

    public CheckResult Leaks(IReadOnlyList<LeakSeen> leaks, IReadOnlyList<ChaosTenant> tenants, IReadOnlyList<string> tenantIds, long requests)
    {
        var findings = leaks.Take(Examples * 4).Select(leak =>
        {
            var victim = leak.Leaks[0].Victim;
            return new Finding(
                ChaosRules.LeakUnderFaults, ChaosScenario.ScenarioId, leak.Route,
                string.Create(CultureInfo.InvariantCulture,
                    $"{leak.Route} answered tenant {leak.Tenant} ({leak.Status}, {leak.Phase} the faults) with data of tenant {victim}: {string.Join(", ", leak.Leaks.Take(3))}"),
                string.Create(CultureInfo.InvariantCulture,
                    $"{leak.Request} as tenant {leak.Tenant} at {leak.At.TotalSeconds:0.00}s; {leaks.Count} leaking answers in all; {evidence.Context(leak.At)}"))
            {
                Tenants = new FindingTenants(tenantIds[leak.Tenant], tenantIds[victim]),
            };
        }).ToList();
        return new CheckResult(ChaosRules.LeakUnderFaults, $"answers of {tenants.Count} tenants", findings, (int)Math.Min(int.MaxValue, requests));
    }

    /// <summary>A query that returned rows with no tenant context, or one another client connection left (not a queue claim).</summary>
    public static bool IsFailOpen(DataQueryEvent query) =>
        !query.QueueClaim && query.Rows > 0 && query.State is ContextState.Unset or ContextState.InheritedFromOtherClient;

    public CheckResult FailOpen() => QueriesCheck(
        ChaosRules.FailOpen,
        IsFailOpen,
        q => q.State == ContextState.Unset
            ? $"ran with no tenant context and returned {q.Rows} rows"
            : $"ran with the tenant context '{q.ContextValue}' that client {q.ContextClient} left on the server connection (this was client {q.Client}) and returned {q.Rows} rows");

    public CheckResult NoContext() => QueriesCheck(
        ChaosRules.NoContext,
        q => q.Rows == 0 && q.State == ContextState.Unset,
        _ => "ran with no tenant context (it returned no rows, so RLS held this time)");

    public CheckResult SessionContext()
    {
        if (!contextKnown)
        {
            return NotCovered(ChaosRules.SessionContext, "tenant context statements", "the manifest's tenancy.context names no setting, so context statements cannot be recognised");
        }

        var sets = events.OfType<ContextSetEvent>().ToList();
        var session = sets.Where(s => s.Scope == ContextScope.Session && !string.IsNullOrEmpty(s.Value)).ToList();
        var findings = session
            .GroupBy(s => (s.Setting, s.How))
            .Select(g => new Finding(
                ChaosRules.SessionContext, ChaosScenario.ScenarioId, g.Key.Setting,
                string.Create(CultureInfo.InvariantCulture,
                    $"{g.Key.Setting} was set at session scope with {g.Key.How} {g.Count()} times ({(g.First().InTransaction ? "inside" : "outside")} a transaction): it outlives the request"),
                $"{evidence.Context(g.First().At)}\n{evidence.Transcript(g.First())}"))
            .ToList();
        return sets.Count == 0
            ? NotCovered(ChaosRules.SessionContext, "tenant context statements", "the proxy saw no statement setting the tenant context")
            : new CheckResult(ChaosRules.SessionContext, "tenant context statements", findings, sets.Count);
    }

    private CheckResult QueriesCheck(Rule rule, Func<DataQueryEvent, bool> broken, Func<DataQueryEvent, string> says)
    {
        const string subject = "data queries on tenant tables";
        if (!contextKnown)
        {
            return NotCovered(rule, subject, "the manifest's tenancy.context names no setting, so the proxy cannot tell which context a query ran under");
        }

        var queries = events.OfType<DataQueryEvent>().Where(q => !q.QueueClaim).ToList();
        if (queries.Count == 0)
        {
            return NotCovered(rule, subject, "the proxy saw no query on a tenant table");
        }

        var findings = queries.Where(broken)
            .GroupBy(q => string.Join(", ", q.Tables))
            .SelectMany(g => g.Take(Examples).Select(q => new Finding(
                rule, ChaosScenario.ScenarioId, g.Key,
                $"a query on {g.Key} {says(q)} ({g.Count()} such queries on {q.Proxy})",
                $"statement: {q.Statement}\n{evidence.Context(q.At)}\n{evidence.Transcript(q)}")))
            .ToList();
        return new CheckResult(rule, subject, findings, queries.Count);
    }

    public static CheckResult NotCovered(Rule rule, string subject, string why) =>
        new(rule, subject, [], 0) { NotCovered = why };
}
