using Harness.Findings;
using Harness.Probing;
using Harness.Targets;
using Harness.Targets.Endpoints;

namespace Harness.Scenarios.Idor;

/// <summary>
/// A's user lists with B's tenant id where apps are known to take a tenant from instead of the credential: in headers
/// (<see cref="TenantInputs.CommonTenantHeaders"/> and the tenant key's own, e.g. X-Company-Id) and in the query string (the tenant key,
/// its camelCase, tenant_id, tenantId). Both vectors go in one request first: a success that shows none of B's data means
/// the app ignored both, and one request proved what two would. Anything else (B's data, or a refusal, which could hide
/// one vector behind the other) sends each vector on its own and judges them apart, so a finding names the vector that
/// leaked. Judged on B's data that the same user's plain sweep does not show already (that is a sweep finding, whatever
/// the request carries). Before a tamper finding is reported the request is replayed without the tampered input: when
/// that leaks B's data too, the finding is the list's own leak (a sweep finding, IDOR004), not the tampering's.
/// </summary>
internal sealed class TamperProbe(Endpoint endpoint, int attacker, int victim)
    : IdorProbe(ProbeKind.TamperHeader, endpoint, attacker, victim, "")
{
    public override IReadOnlyList<ProbeKind> Kinds => [ProbeKind.TamperHeader, ProbeKind.TamperQuery];

    public override async Task<ProbeOutcome> RunAsync(IdorRuntime runtime, CancellationToken cancellationToken)
    {
        var (plain, plainRequests) = await PlainSweepAsync(runtime, cancellationToken);
        var both = await SendAsync(runtime, headers: true, query: true, plain, cancellationToken);
        if (both.Response.IsSuccess && both.Leaks.Count == 0)
        {
            return ProbeOutcome.Pass(1 + plainRequests) with
            {
                ByKind = new Dictionary<ProbeKind, ProbeOutcome> { [ProbeKind.TamperHeader] = ProbeOutcome.Pass(1 + plainRequests), [ProbeKind.TamperQuery] = ProbeOutcome.Pass(0) },
            };
        }

        var header = await SendAsync(runtime, headers: true, query: false, plain, cancellationToken);
        var query = await SendAsync(runtime, headers: false, query: true, plain, cancellationToken);
        var headerFindings = await FindingsAsync(runtime, ProbeKind.TamperHeader, header, cancellationToken);
        if (headerFindings.Count == 0 && query.Leaks.Count == 0)
        {
            // Neither alone, but both together: reported with the request that did it.
            headerFindings = await FindingsAsync(runtime, ProbeKind.TamperHeader, both, cancellationToken);
        }

        var queryFindings = await FindingsAsync(runtime, ProbeKind.TamperQuery, query, cancellationToken);
        var replays = headerFindings.Concat(queryFindings).Count(f => f.Rule == IdorRules.CollectionLeak);
        var byKind = new Dictionary<ProbeKind, ProbeOutcome>
        {
            [ProbeKind.TamperHeader] = new ProbeOutcome(2 + plainRequests, [.. headerFindings.Where(f => f.Rule != IdorRules.CollectionLeak)]),
            [ProbeKind.TamperQuery] = new ProbeOutcome(1, [.. queryFindings.Where(f => f.Rule != IdorRules.CollectionLeak)]),
        };
        if (replays > 0)
        {
            // The leak showed without the tampered input too: it is the list's own leak, reported as a sweep finding.
            byKind[ProbeKind.Sweep] = new ProbeOutcome(replays, [.. headerFindings.Concat(queryFindings).Where(f => f.Rule == IdorRules.CollectionLeak)]);
        }

        return new ProbeOutcome(3 + plainRequests + replays, [.. headerFindings, .. queryFindings]) { ByKind = byKind };
    }

    /// <summary>Whose data the attacker's plain sweep showed (recorded by its <see cref="SweepProbe"/>, or asked now when that ran in another shard).</summary>
    private async Task<(IReadOnlySet<int> Victims, int Requests)> PlainSweepAsync(IdorRuntime runtime, CancellationToken cancellationToken)
    {
        if (runtime.SweepOf(Endpoint.Route, Attacker) is { } recorded)
        {
            return (recorded, 0);
        }

        var principal = runtime.Principal(Attacker);
        var response = await runtime.Client.SendAsAsync(principal, new TargetRequest(Endpoint.Method, SweepProbe.PathAndQuery(Endpoint, principal)), cancellationToken);
        return (runtime.Scanner.Scan(response.Body, Attacker, "").Select(l => l.Victim).ToHashSet(), 1);
    }

    private async Task<Attempt> SendAsync(IdorRuntime runtime, bool headers, bool query, IReadOnlySet<int> plain, CancellationToken cancellationToken)
    {
        var principal = runtime.Principal(Attacker);
        var tenantId = runtime.Principal(Victim!.Value).TenantId;
        var pathAndQuery = SweepProbe.PathAndQuery(Endpoint, principal);
        var how = new List<string>();
        List<KeyValuePair<string, string>>? headerValues = null;
        if (headers)
        {
            headerValues = [.. HeaderNames(runtime).Select(h => KeyValuePair.Create(h, tenantId))];
            how.Add($"headers {string.Join(", ", headerValues.Select(h => h.Key))}");
        }

        if (query)
        {
            var names = TenantInputs.QueryNames(runtime.Model.TenantKey);
            pathAndQuery += (pathAndQuery.Contains('?', StringComparison.Ordinal) ? "&" : "?")
                + string.Join("&", names.Select(n => $"{n}={Uri.EscapeDataString(tenantId)}"));
            how.Add($"the query ({string.Join(", ", names)})");
        }

        var request = new TargetRequest(Endpoint.Method, pathAndQuery, null, headerValues);
        var response = await runtime.Client.SendAsAsync(principal, request, cancellationToken);
        var leaks = runtime.Scanner.Scan(response.Body, Attacker, "").Where(l => l.Victim == Victim && !plain.Contains(l.Victim)).ToList();
        return new Attempt(request, response, leaks, $"with {runtime.Tenant(Victim.Value)}'s id in {string.Join(" and ", how)}");
    }

    private async Task<IReadOnlyList<Finding>> FindingsAsync(IdorRuntime runtime, ProbeKind kind, Attempt attempt, CancellationToken cancellationToken)
    {
        if (attempt.Leaks.Count == 0)
        {
            return [];
        }

        if (await ReplayAsync(runtime, cancellationToken) is { } plain)
        {
            var plainReproduction = await runtime.ReproduceAsync(Attacker, plain.Request, cancellationToken);
            var plainMessage = $"{Endpoint.Route}: {runtime.Tenant(Attacker)}'s request answered {plain.Response.Status} carrying {runtime.Tenant(Victim!.Value)}'s data"
                + $"{IdorRuntime.Leaked(plain.Leaks)}; the leak does not depend on the tampered input: the request {attempt.How} leaked it too, and so did the same request without it";
            return [runtime.Finding(ProbeKind.Sweep, Endpoint, Attacker, Victim.Value, plainMessage, IdorRuntime.Evidence(plain.Response, plain.Leaks), plainReproduction)];
        }

        var reproduction = await runtime.ReproduceAsync(Attacker, attempt.Request, cancellationToken);
        var message = $"{Endpoint.Route}: {runtime.Tenant(Attacker)}'s request {attempt.How} answered {attempt.Response.Status} carrying {runtime.Tenant(Victim!.Value)}'s data{IdorRuntime.Leaked(attempt.Leaks)}";
        return [runtime.Finding(kind, Endpoint, Attacker, Victim.Value, message, IdorRuntime.Evidence(attempt.Response, attempt.Leaks), reproduction)];
    }

    /// <summary>
    /// The same request without the tampered input (no tenant headers, no tenant query parameters), sent before a tamper
    /// finding is reported: when it leaks the same victim's data, that is the attempt it returns (the leak is not the
    /// tampering's, e.g. a tenant setting left on a pooled connection); otherwise null.
    /// </summary>
    private async Task<Attempt?> ReplayAsync(IdorRuntime runtime, CancellationToken cancellationToken)
    {
        var principal = runtime.Principal(Attacker);
        var request = new TargetRequest(Endpoint.Method, SweepProbe.PathAndQuery(Endpoint, principal));
        var response = await runtime.Client.SendAsAsync(principal, request, cancellationToken);
        var leaks = runtime.Scanner.Scan(response.Body, Attacker, "").Where(l => l.Victim == Victim).ToList();
        return leaks.Count == 0 ? null : new Attempt(request, response, leaks, "without a tampered input");
    }

    private static IEnumerable<string> HeaderNames(IdorRuntime runtime) => TenantInputs.HeaderNames(runtime.Model.TenantKey, runtime.Options.TenantHeaders);

    private sealed record Attempt(TargetRequest Request, TargetResponse Response, IReadOnlyList<Leak> Leaks, string How);
}
