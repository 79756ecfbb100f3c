using Harness.Ledger;
using Harness.Model;
using Harness.Targets;
using Harness.Targets.Credentials;
using Harness.Targets.Endpoints;

namespace Harness.Scenarios.Chaos;

/// <summary>One read a tenant makes during the run: the request, and the route it came from (for findings).</summary>
internal sealed record ChaosRead(string Route, TargetRequest Request);

/// <summary>
/// The reads each tenant makes: every tenant-scoped GET route (or those <c>chaos.reads</c> names) with the tenant's own seeded
/// ids in its path, so every answer may carry that tenant's data and nothing else's.
/// </summary>
internal static class ChaosReads
{
    public static IReadOnlyList<ChaosRead> For(
        IReadOnlyList<Endpoint> endpoints, IReadOnlyList<string>? named, TenantPrincipal principal, SeededTenant tenant, TenancyModel model)
    {
        var reads = new List<ChaosRead>();
        foreach (var endpoint in endpoints.Where(e => e.Method == "GET" && e.Kind != EndpointKind.Public))
        {
            if (named is not null && !named.Contains(endpoint.Route, StringComparer.Ordinal))
            {
                continue;
            }

            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var parameter in endpoint.Parameters)
            {
                if (OwnValues.Of(parameter, tenant, model) is { } value)
                {
                    values[parameter.Name] = value;
                }
            }

            if (values.Count < endpoint.Parameters.Count)
            {
                continue;
            }

            reads.Add(new ChaosRead(endpoint.Route, new TargetRequest("GET", endpoint.FillPath(values) + EndpointQuery.For(endpoint, principal))));
        }

        return reads;
    }

    /// <summary>
    /// <paramref name="tenant"/>'s writes: each of <c>chaos.writes</c> with the tenant's own ids in its path (a write whose path
    /// parameter has no seeded value for the tenant is left out for it).
    /// </summary>
    public static IReadOnlyList<ChaosTenantWrite> Writes(IReadOnlyList<Endpoint> endpoints, IReadOnlyList<ChaosWrite> writes, SeededTenant tenant, TenancyModel model)
    {
        var result = new List<ChaosTenantWrite>();
        foreach (var write in writes)
        {
            Endpoint.TrySplitRoute(write.Request, out var method, out var path);
            if (Endpoint.ParameterNames(path).Count == 0)
            {
                result.Add(new ChaosTenantWrite(write.Request, method, path, write.Body));
                continue;
            }

            var endpoint = endpoints.FirstOrDefault(e => e.Route == write.Request)
                ?? throw new ChaosException($"chaos.writes names {write.Request}, which is not among the endpoints: list it in 'endpoints' so its path parameters map to tables");
            var values = endpoint.Parameters
                .Select(p => (p.Name, Value: OwnValues.Of(p, tenant, model)))
                .Where(p => p.Value is not null)
                .ToDictionary(p => p.Name, p => p.Value!, StringComparer.Ordinal);
            if (values.Count == endpoint.Parameters.Count)
            {
                result.Add(new ChaosTenantWrite(write.Request, method, endpoint.FillPath(values), write.Body));
            }
        }

        return result;
    }
}
