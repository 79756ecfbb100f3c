using System.Globalization;
using Harness.Findings;
using Harness.Running;
using Harness.Targets.Endpoints;

namespace Harness.Scenarios.Idor;

/// <summary>
/// Turns the probes' outcomes into checks: one per (endpoint, probe kind), and per endpoint one control check that is
/// IDOR009 when the app failed every request of the owning tenant (<see cref="OwnTenantFailures"/>), IDOR007 when only
/// some probes proved nothing (a failed control, or a set-up the database refused), and absent otherwise.
/// </summary>
internal static class IdorJudge
{
    public static List<CheckResult> Judge(
        IReadOnlyList<Endpoint> endpoints, IReadOnlyList<(IdorProbe Probe, ProbeOutcome Outcome)> ran, IReadOnlyDictionary<string, Finding> ownTenantFailures,
        Func<int, string>? tenantId = null)
    {
        var checks = new List<CheckResult>();
        var byEndpoint = ran.ToLookup(p => p.Probe.Endpoint.Route, StringComparer.Ordinal);
        foreach (var endpoint in endpoints)
        {
            var own = byEndpoint[endpoint.Route].ToList();
            // A probe of several kinds says what each kind got; a tampered request whose leak turned out not to depend on the
            // tampering reports it under the kind it really is (a sweep), so ByKind's own kinds are the checks it counts for.
            var shares = own.SelectMany(p => p.Outcome.ByKind is { } byKind
                ? byKind.Select(k => (kind: k.Key, outcome: k.Value, probe: p.Probe))
                : [(kind: p.Probe.Kind, outcome: p.Outcome, probe: p.Probe)]).ToList();
            foreach (var kind in shares.Select(s => s.kind).Distinct().Order())
            {
                var group = shares.Where(s => s.kind == kind).ToList();
                var findings = group.SelectMany(s => s.outcome.Findings).ToList();
                checks.Add(new CheckResult(ProbeKinds.RuleFor(kind), ProbeKinds.Subject(endpoint.Route, kind), findings, group.Sum(s => s.outcome.Requests))
                {
                    // Not one probe of this kind could judge (every control failed, every set-up was refused): not a pass.
                    NotCovered = findings.Count == 0 && group.All(s => s.outcome.Inconclusive is not null) ? group[0].outcome.Inconclusive : null,
                    ProbedPairs = tenantId is null ? [] : [.. group
                        .Where(s => s.outcome.Inconclusive is null && s.probe.Victim is not null)
                        .Select(s => new FindingTenants(tenantId(s.probe.Attacker), tenantId(s.probe.Victim!.Value)))
                        .Distinct()],
                });
            }

            var subject = $"{endpoint.Route} control";
            if (ownTenantFailures.TryGetValue(endpoint.Route, out var failure))
            {
                checks.Add(new CheckResult(IdorRules.OwnTenantFails, subject, [failure], 0));
                continue;
            }

            var inconclusive = own.Where(p => p.Outcome.Inconclusive is not null).ToList();
            if (inconclusive.Count > 0)
            {
                var skipped = inconclusive.Count(p => p.Outcome.SetupFailed);
                var message = string.Create(CultureInfo.InvariantCulture,
                    $"{endpoint.Route}: {inconclusive.Count} of {own.Count} probes proved nothing{(skipped == 0 ? "" : $" ({skipped} skipped: their set-up failed)")}, e.g. {inconclusive[0].Outcome.Inconclusive}");
                var evidence = string.Join("; ", inconclusive.Take(5).Select(p => p.Outcome.Inconclusive));
                checks.Add(new CheckResult(IdorRules.Inconclusive, subject, [new Finding(IdorRules.Inconclusive, IdorScenario.ScenarioId, endpoint.Route, message, evidence)], 0));
            }
        }

        return checks;
    }
}
