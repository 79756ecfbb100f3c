using Harness.Model;
using Harness.Targets;
using Harness.Targets.Endpoints;

namespace Harness.Scenarios.Idor;

/// <summary>
/// A's user GETs one of B's rows by id (or, for a route naming the tenant, B's tenant id): the answer must be a denied
/// status (default 403/404) and carry none of B's canaries or ids. The owner's own GET of the same URL goes first: when
/// it fails too, the probe proves nothing and is reported as inconclusive instead.
/// </summary>
internal sealed class ReadProbe(ProbeKind kind, Endpoint endpoint, int attacker, int victim, TableName table, IReadOnlyList<string> key)
    : IdorProbe(kind, endpoint, attacker, victim, string.Join(",", key))
{
    public override async Task<ProbeOutcome> RunAsync(IdorRuntime runtime, CancellationToken cancellationToken)
    {
        var victim = Victim!.Value;
        var seeded = await runtime.Rows.SeededAsync(table, key, cancellationToken);
        var values = seeded.Row is null ? null : ResourceAddress.For(Endpoint, table, seeded.Row, runtime.Catalog, runtime.Model);
        if (values is null)
        {
            return new ProbeOutcome(0, [], $"{table} row {string.Join(",", key)} of {runtime.Tenant(victim)} gives no value for every path parameter");
        }

        var request = new TargetRequest(Endpoint.Method, Endpoint.FillPath(values) + IdorRuntime.Query(Endpoint, runtime.Principal(Attacker)));
        var (control, sent) = await runtime.ControlAsync(victim, request, cancellationToken);
        var requests = sent ? 2 : 1;
        var response = await runtime.Client.SendAsAsync(runtime.Principal(Attacker), request, cancellationToken);
        var leaks = runtime.Scanner.Scan(response.Body, Attacker, request.PathAndQuery);
        var denied = runtime.Denied(response.Status);
        if (denied && leaks.Count == 0)
        {
            return ProbeOutcome.Pass(requests);
        }

        if (!denied && leaks.Count == 0 && !control.IsSuccess)
        {
            return new ProbeOutcome(requests, [], $"{request} answered {control.Status} to its owner {runtime.Tenant(victim)} and {response.Status} to {runtime.Tenant(Attacker)}");
        }

        var what = Kind == ProbeKind.TamperRoute ? $"{runtime.Tenant(victim)}'s tenant id in the route" : $"{runtime.Tenant(victim)}'s {table} row {values[Endpoint.Resource!.Name]}";
        var verdict = denied
            ? $"refused with {response.Status} but the answer carries another tenant's data"
            : $"answered {response.Status} instead of {string.Join("/", runtime.Options.DeniedStatuses)}";
        var message = $"{Endpoint.Route}: {runtime.Tenant(Attacker)} asked for {what}: {verdict}{IdorRuntime.Leaked(leaks)}";
        var reproduction = await runtime.ReproduceAsync(Attacker, request, cancellationToken);
        return new ProbeOutcome(requests, [runtime.Finding(Kind, Endpoint, Attacker, victim, message, IdorRuntime.Evidence(response, leaks), reproduction)]);
    }
}
