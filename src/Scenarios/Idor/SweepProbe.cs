using Harness.Targets;
using Harness.Targets.Endpoints;

namespace Harness.Scenarios.Idor;

/// <summary>
/// A's user lists, searches or exports (<see cref="ProbeKind.Sweep"/>), plainly or with B's tenant id in headers
/// (<see cref="ProbeKind.TamperHeader"/>) or the query string (<see cref="ProbeKind.TamperQuery"/>). Whatever the status, the
/// answer (JSON, CSV, any text) must carry no other tenant's canaries or ids. Sweeps of one endpoint run one tenant after
/// another, so a response cached without the tenant reaches the next tenant and shows.
/// </summary>
internal sealed class SweepProbe(ProbeKind kind, Endpoint endpoint, int attacker, int? victim)
    : IdorProbe(kind, endpoint, attacker, victim, "")
{
    /// <summary>Headers that name a tenant in many apps; the tenant key's own header (e.g. X-Company-Id) is added.</summary>
    public static readonly IReadOnlyList<string> CommonTenantHeaders = ["X-Company-Id", "X-Tenant-Id", "X-Org-Id", "X-Organization-Id"];

    public override string SerialKey => Kind == ProbeKind.Sweep ? $"sweep|{Endpoint.Route}" : Id;

    public override async Task<ProbeOutcome> RunAsync(IdorRuntime runtime, CancellationToken cancellationToken)
    {
        var principal = runtime.Principal(Attacker);
        var pathAndQuery = Endpoint.FillPath(new Dictionary<string, string>()) + IdorRuntime.Query(Endpoint, principal);
        List<KeyValuePair<string, string>>? headers = null;
        var how = "";
        if (Victim is { } named)
        {
            var tenantId = runtime.Principal(named).TenantId;
            if (Kind == ProbeKind.TamperHeader)
            {
                headers = [.. HeaderNames(runtime).Select(h => KeyValuePair.Create(h, tenantId))];
                how = $" with {runtime.Tenant(named)}'s id in headers {string.Join(", ", headers.Select(h => h.Key))}";
            }
            else
            {
                var names = QueryNames(runtime.Model.TenantKey);
                pathAndQuery += (pathAndQuery.Contains('?', StringComparison.Ordinal) ? "&" : "?")
                    + string.Join("&", names.Select(n => $"{n}={Uri.EscapeDataString(tenantId)}"));
                how = $" with {runtime.Tenant(named)}'s id in the query ({string.Join(", ", names)})";
            }
        }

        var request = new TargetRequest(Endpoint.Method, pathAndQuery, null, headers);
        var response = await runtime.Client.SendAsAsync(principal, request, cancellationToken);
        var leaks = runtime.Scanner.Scan(response.Body, Attacker, "");
        var requests = 1;
        if (Kind == ProbeKind.Sweep)
        {
            runtime.RecordSweep(Endpoint.Route, Attacker, leaks.Select(l => l.Victim).ToHashSet());
        }
        else
        {
            // Tampering is judged on the named tenant's data that the same user's plain request does not show already
            // (that is a sweep finding, whatever the request carries).
            var plain = runtime.SweepOf(Endpoint.Route, Attacker);
            if (plain is null)
            {
                var untampered = new TargetRequest(Endpoint.Method, Endpoint.FillPath(new Dictionary<string, string>()) + IdorRuntime.Query(Endpoint, principal));
                plain = runtime.Scanner.Scan((await runtime.Client.SendAsAsync(principal, untampered, cancellationToken)).Body, Attacker, "")
                    .Select(l => l.Victim).ToHashSet();
                requests++;
            }

            leaks = [.. leaks.Where(l => l.Victim == Victim && !plain.Contains(l.Victim))];
        }

        if (leaks.Count == 0)
        {
            return Kind == ProbeKind.Sweep && !response.IsSuccess
                ? new ProbeOutcome(requests, [], $"{request} answered {response.Status} to its own {runtime.Tenant(Attacker)}")
                : ProbeOutcome.Pass(requests);
        }

        var reproduction = await runtime.ReproduceAsync(Attacker, request, cancellationToken);
        var findings = leaks.GroupBy(l => l.Victim).Select(group =>
        {
            var victimLeaks = group.ToList();
            var message = $"{Endpoint.Route}: {runtime.Tenant(Attacker)}'s request{how} answered {response.Status} carrying {runtime.Tenant(group.Key)}'s data{IdorRuntime.Leaked(victimLeaks)}";
            return runtime.Finding(Kind, Endpoint, Attacker, group.Key, message, IdorRuntime.Evidence(response, victimLeaks), reproduction);
        });
        return new ProbeOutcome(requests, [.. findings]);
    }

    private static IEnumerable<string> HeaderNames(IdorRuntime runtime) =>
        CommonTenantHeaders
            .Append("X-" + string.Join('-', runtime.Model.TenantKey.Split('_', StringSplitOptions.RemoveEmptyEntries).Select(Capitalised)))
            .Concat(runtime.Options.TenantHeaders)
            .Distinct(StringComparer.OrdinalIgnoreCase);

    /// <summary>The tenant key as is and in camelCase, and the common tenant_id.</summary>
    public static IReadOnlyList<string> QueryNames(string tenantKey)
    {
        var parts = tenantKey.Split('_', StringSplitOptions.RemoveEmptyEntries);
        var camel = parts.Length == 0 ? tenantKey : parts[0] + string.Concat(parts.Skip(1).Select(Capitalised));
        return [.. new[] { tenantKey, camel, "tenant_id", "tenantId" }.Distinct(StringComparer.Ordinal)];
    }

    private static string Capitalised(string word) => word.Length == 0 ? word : char.ToUpperInvariant(word[0]) + word[1..];
}
