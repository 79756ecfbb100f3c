using Harness.Ledger;
using Harness.Model;
using Harness.Targets;
using Harness.Targets.Credentials;
using Harness.Targets.Endpoints;

namespace Harness.Scenarios.Quota;

/// <summary>
/// The request a seeded user sends to a limit's probe endpoint: route parameters get the user's tenant's own seeded ids
/// (the ledger's first row of the table the parameter maps to), the query its template when the manifest gives one.
/// </summary>
internal sealed class QuotaRequests(IReadOnlyList<Endpoint> resolved, string? resolutionProblem, SeedLedger ledger, TenancyModel model)
{
    /// <summary>The request, or why none can be made (a route parameter the endpoints section does not map to a seeded table).</summary>
    public (TargetRequest? Request, string? Problem) For(QuotaEndpoint endpoint, TenantPrincipal principal, IReadOnlyList<KeyValuePair<string, string>>? headers = null)
    {
        var known = resolved.FirstOrDefault(e => e.Method == endpoint.Method && e.Path == endpoint.Path);
        var body = endpoint.Method is "POST" or "PUT" or "PATCH" ? known?.Body ?? "{}" : null;
        var names = Endpoint.ParameterNames(endpoint.Path);
        if (names.Count == 0)
        {
            return (new TargetRequest(endpoint.Method, endpoint.Path + EndpointQuery.For(known, principal), body, headers), null);
        }

        if (known is null)
        {
            return (null, $"{endpoint.Route} has route parameters the harness cannot fill: it is not among the app's endpoints "
                + $"(list it in endpoints.routes with its parameters){(resolutionProblem is null ? "" : $"; resolving them said: {resolutionProblem}")}");
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var parameter in known.Parameters)
        {
            if (Value(parameter, principal) is not { } value)
            {
                return (null, $"{endpoint.Route}: no seeded {parameter.Table}.{parameter.Column} of {principal.TenantName} for {{{parameter.Name}}} in the ledger");
            }

            values[parameter.Name] = value;
        }

        return (new TargetRequest(endpoint.Method, known.FillPath(values) + EndpointQuery.For(known, principal), body, headers), null);
    }

    private string? Value(PathParameter parameter, TenantPrincipal principal) =>
        OwnValues.Of(parameter, ledger.Tenants[principal.TenantIndex], model);
}
