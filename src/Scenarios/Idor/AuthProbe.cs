using System.Globalization;
using Harness.Model;
using Harness.Targets;
using Harness.Targets.Credentials;
using Harness.Targets.Endpoints;

namespace Harness.Scenarios.Idor;

/// <summary>
/// Requests to a non-public endpoint with no credential, a garbage token, a JWT with its signature altered or <c>alg: none</c>,
/// and what the strategy can forge (expired, another key): each must be refused with 401/403, or fail otherwise without serving
/// data (a PostgREST-style API serves unauthenticated requests as an anonymous role that row-level security then denies: a
/// 400 or 404 that carries no tenant's data is no bypass; a 2xx or any tenant's data is). GETs name a real row of the first
/// tenant; writes name an id that does not exist, and creates send an empty body, so an endpoint that lets them through changes nothing.
/// </summary>
internal sealed class AuthProbe(Endpoint endpoint) : IdorProbe(ProbeKind.Authentication, endpoint, 0, null, "")
{
    public override async Task<ProbeOutcome> RunAsync(IdorRuntime runtime, CancellationToken cancellationToken)
    {
        var principal = runtime.Principal(0);
        var values = await ValuesAsync(runtime, cancellationToken);
        if (values is null)
        {
            return new ProbeOutcome(0, [], $"{runtime.Tenant(0)} has no row to address {Endpoint.Route}");
        }

        var body = Endpoint.Method is "POST" or "PUT" or "PATCH" ? "{}" : null;
        var request = new TargetRequest(Endpoint.Method, Endpoint.FillPath(values) + IdorRuntime.Query(Endpoint, principal), body);
        var valid = await runtime.Client.CredentialForAsync(principal, cancellationToken);
        var findings = new List<Harness.Findings.Finding>();
        var forgeries = CredentialForgeries.For(valid, runtime.Client.Credentials, principal);
        foreach (var (name, credential) in forgeries)
        {
            var response = await runtime.Client.SendAsync(request, credential, cancellationToken);
            var leaks = runtime.Scanner.Scan(response.Body, -1, request.PathAndQuery);
            if (runtime.Options.UnauthenticatedStatuses.Contains(response.Status) || (response.Status >= 400 && leaks.Count == 0))
            {
                // Refused, or failed some other way (a body the app would not take, a row an anonymous role may not see)
                // without serving a tenant's data: a status alone proves no bypass. Served (2xx/3xx), or any tenant's data, does.
                continue;
            }

            var what = credential is null ? "no credential" : $"a {name} credential";
            var message = string.Create(CultureInfo.InvariantCulture,
                $"{Endpoint.Route}: a request with {what} answered {response.Status} instead of {string.Join("/", runtime.Options.UnauthenticatedStatuses)}");
            var reproduction = credential is null
                ? CurlCommand.For(runtime.Client.BaseAddress, request, null)
                : await runtime.ReproduceAsync(0, request, cancellationToken, credential, $"a {name} credential (e.g. {Shorten(credential.Token)})");
            findings.Add(runtime.Finding(Kind, Endpoint, 0, null, message, IdorRuntime.Evidence(response, leaks), reproduction));
        }

        return new ProbeOutcome(forgeries.Count, findings);
    }

    private async Task<Dictionary<string, string>?> ValuesAsync(IdorRuntime runtime, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var parameter in Endpoint.Parameters)
        {
            if (Endpoint.IsWrite && parameter == Endpoint.Resource)
            {
                values[parameter.Name] = Missing(runtime, parameter.Table, parameter.Column);
                continue;
            }

            var row = await runtime.TemplateAsync(parameter.Table, 0, cancellationToken);
            if (Json.Text(row?[parameter.Column]) is not { } value)
            {
                return null;
            }

            values[parameter.Name] = value;
        }

        return values;
    }

    /// <summary>A value of the column's type that names no row.</summary>
    private static string Missing(IdorRuntime runtime, TableName table, string column) =>
        runtime.Catalog.FindTable(table)?.FindColumn(column)?.TypeName switch
        {
            "uuid" => Guid.Empty.ToString("D").Replace("00000000-0000", "00000000-1d0e", StringComparison.Ordinal),
            "int2" or "int4" or "int8" or "numeric" => "2147483000",
            _ => "idor-probe-missing",
        };

    private static string Shorten(string token) => token.Length <= 24 ? token : token[..24] + "...";
}
