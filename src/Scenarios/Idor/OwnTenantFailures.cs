using System.Globalization;
using System.Text.RegularExpressions;
using Harness.Findings;
using Harness.Targets;
using Harness.Targets.Endpoints;

namespace Harness.Scenarios.Idor;

/// <summary>
/// Routes the app fails for their own tenant: every owner's control request of the route (<see cref="IdorRuntime.ControlAsync"/>)
/// answered non-2xx, or every owner's sweep of a list did. Nothing on such a route could be judged, which is a finding of its
/// own (<see cref="IdorRules.OwnTenantFails"/>), not a pass and not merely inconclusive.
/// </summary>
internal static class OwnTenantFailures
{
    /// <summary>The IDOR009 finding of each route that failed for its own tenant, by route.</summary>
    public static async Task<Dictionary<string, Finding>> FindAsync(
        IdorRuntime runtime, IReadOnlyList<Endpoint> endpoints, IReadOnlyList<(IdorProbe Probe, ProbeOutcome Outcome)> ran, CancellationToken cancellationToken)
    {
        var failures = new Dictionary<string, Finding>(StringComparer.Ordinal);
        var controls = runtime.Controls();
        foreach (var endpoint in endpoints)
        {
            var own = controls.Where(c => Matches(endpoint, c.Request)).ToList();
            (int Owner, TargetRequest Request, TargetResponse Response)? failing = own.Count > 0 && own.All(c => !c.Response.IsSuccess) ? own[0] : null;
            var sweeps = ran.Where(r => r.Probe is SweepProbe && r.Probe.Endpoint.Route == endpoint.Route).ToList();
            if (failing is null && own.Count == 0 && sweeps.Count > 0 && sweeps.All(s => s.Outcome.Inconclusive is not null && s.Outcome.Findings.Count == 0))
            {
                // The sweeps keep no answer: the first owner asks once more, for the evidence.
                var owner = sweeps[0].Probe.Attacker;
                var request = new TargetRequest(endpoint.Method, SweepProbe.PathAndQuery(endpoint, runtime.Principal(owner)));
                var response = await runtime.Client.SendAsAsync(runtime.Principal(owner), request, cancellationToken);
                failing = response.IsSuccess ? null : (owner, request, response);
            }

            if (failing is { } f)
            {
                var count = own.Count > 0 ? own.Count : sweeps.Count;
                failures[endpoint.Route] = await FindingAsync(runtime, endpoint, f.Owner, f.Request, f.Response, count, cancellationToken);
            }
        }

        return failures;
    }

    private static async Task<Finding> FindingAsync(
        IdorRuntime runtime, Endpoint endpoint, int owner, TargetRequest request, TargetResponse response, int count, CancellationToken cancellationToken)
    {
        var message = string.Create(CultureInfo.InvariantCulture,
            $"{endpoint.Route}: the app fails for its own tenant; nothing on this route could be judged: all {count} requests of the tenants that own the data failed, e.g. {request} as {runtime.Tenant(owner)} answered {response.Status}");
        var body = response.Body.Replace('\n', ' ').Replace('\r', ' ');
        var evidence = string.Create(CultureInfo.InvariantCulture,
            $"status {response.Status}{(response.ContentType is null ? "" : $" ({response.ContentType})")}; answer: {(body.Length <= 400 ? body : body[..400] + "...")}");
        var reproduction = await runtime.ReproduceAsync(owner, request, cancellationToken, credentialNote: $"a credential of user {runtime.Principal(owner).UserId} of {runtime.Tenant(owner)}, the owner");
        return new Finding(IdorRules.OwnTenantFails, IdorScenario.ScenarioId, endpoint.Route, message, evidence, reproduction);
    }

    /// <summary>Whether <paramref name="request"/> is a request of <paramref name="endpoint"/> (method and path, its parameters filled).</summary>
    internal static bool Matches(Endpoint endpoint, TargetRequest request)
    {
        if (!string.Equals(endpoint.Method, request.Method, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var path = request.PathAndQuery.Split('?')[0];
        var pattern = "^" + string.Join("/", endpoint.Path.Split('/').Select(s => s.StartsWith('{') && s.EndsWith('}') ? "[^/]+" : Regex.Escape(s))) + "$";
        return Regex.IsMatch(path, pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }
}
