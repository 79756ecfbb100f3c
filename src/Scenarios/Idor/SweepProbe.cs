using Harness.Ledger;
using Harness.Targets;
using Harness.Targets.Endpoints;

namespace Harness.Scenarios.Idor;

/// <summary>
/// A's user lists, searches or exports: whatever the status, the answer (JSON, CSV, any text) must carry no other tenant's
/// canaries or ids. Sweeps of one endpoint run one tenant after another, so a response cached without the tenant reaches
/// the next tenant and shows. A list under a parent (<c>/parents/{parentId}/children</c>) is swept under the attacker's own
/// parent (its first seeded row), never with the template in the path. What each sweep showed is kept for judging the same user's tampered requests (<see cref="TamperProbe"/>).
/// </summary>
internal sealed class SweepProbe(Endpoint endpoint, int attacker)
    : IdorProbe(ProbeKind.Sweep, endpoint, attacker, null, "")
{
    public override string SerialKey => $"sweep|{Endpoint.Route}";

    public override async Task<ProbeOutcome> RunAsync(IdorRuntime runtime, CancellationToken cancellationToken)
    {
        var principal = runtime.Principal(Attacker);
        var values = await OwnValuesAsync(runtime, cancellationToken);
        if (values is null)
        {
            return new ProbeOutcome(0, [], $"{Endpoint.Route}: {runtime.Tenant(Attacker)} has no seeded {Endpoint.Resource!.Table} row to list under");
        }

        var placeholders = new Dictionary<string, string>(principal.Placeholders(), StringComparer.Ordinal) { ["canaryPrefix"] = CanaryToken.Prefix };
        var request = new TargetRequest(
            Endpoint.Method, Endpoint.FillPath(values) + IdorRuntime.Query(Endpoint, principal), BodyBuilder.ForSweep(Endpoint.Body, placeholders));
        var response = await runtime.Client.SendAsAsync(principal, request, cancellationToken);
        var leaks = runtime.Scanner.Scan(response.Body, Attacker, "");
        runtime.RecordSweep(Endpoint.Route, Attacker, leaks.Select(l => l.Victim).ToHashSet());
        if (leaks.Count == 0)
        {
            return response.IsSuccess
                ? ProbeOutcome.Pass(1)
                : new ProbeOutcome(1, [], $"{request} answered {response.Status} to its own {runtime.Tenant(Attacker)}");
        }

        var reproduction = await runtime.ReproduceAsync(Attacker, request, cancellationToken);
        var findings = leaks.GroupBy(l => l.Victim).Select(group =>
        {
            var victimLeaks = group.ToList();
            var message = $"{Endpoint.Route}: {runtime.Tenant(Attacker)}'s request answered {response.Status} carrying {runtime.Tenant(group.Key)}'s data{IdorRuntime.Leaked(victimLeaks)}";
            return runtime.Finding(Kind, Endpoint, Attacker, group.Key, message, IdorRuntime.Evidence(response, victimLeaks), reproduction);
        });
        return new ProbeOutcome(1, [.. findings]);
    }

    /// <summary>The path values that put the list under the attacker's own first parent row; empty for a list without parameters; null when the attacker has none.</summary>
    private async Task<IReadOnlyDictionary<string, string>?> OwnValuesAsync(IdorRuntime runtime, CancellationToken cancellationToken)
    {
        if (Endpoint.Resource is not { } parent)
        {
            return new Dictionary<string, string>();
        }

        if (runtime.Ledger.Tenants[Attacker].Table(parent.Table.Value) is not { Keys.Count: > 0 } seeded)
        {
            return null;
        }

        var row = await runtime.Rows.SeededAsync(parent.Table, seeded.Keys[0], cancellationToken);
        return row.Row is null ? null : ResourceAddress.For(Endpoint, parent.Table, row.Row, runtime.Catalog, runtime.Model);
    }

    /// <summary>The path and query of a list without path parameters for <paramref name="principal"/>.</summary>
    public static string PathAndQuery(Endpoint endpoint, Targets.Credentials.TenantPrincipal principal) =>
        endpoint.FillPath(new Dictionary<string, string>()) + IdorRuntime.Query(endpoint, principal);
}
