using Harness.Ledger;
using Harness.Targets.Credentials;

namespace Harness.Targets.Endpoints;

/// <summary>An endpoint's query string as a tenant's request carries it: its template filled for the principal and the canary prefix.</summary>
public static class EndpointQuery
{
    /// <summary><c>?q=...</c>, or empty when the endpoint has no query template.</summary>
    public static string For(Endpoint? endpoint, TenantPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (endpoint?.Query is not { Length: > 0 } template)
        {
            return "";
        }

        var values = principal.Placeholders().ToDictionary(p => p.Key, p => Uri.EscapeDataString(p.Value), StringComparer.Ordinal);
        values["canaryPrefix"] = Uri.EscapeDataString(CanaryToken.Prefix);
        return "?" + TargetPlaceholders.Fill(template, values);
    }
}
