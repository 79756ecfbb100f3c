using System.Globalization;
using Harness.Model;
using Harness.Probing;
using Harness.Targets;
using Harness.Targets.Endpoints;

namespace Harness.Scenarios.Idor;

/// <summary>
/// A's user GETs one of B's rows by id (or, for a route naming the tenant, B's tenant id; or, for a list under a parent,
/// B's parent id), and is judged by <see cref="ReadJudge"/> on three answers: A's on B's id, A's on an id that exists
/// nowhere (sent once per route and attacker), and the owner's own (the control, sent once per URL and first, so a cache
/// keyed without the tenant is filled by the owner). B's canaries or ids in A's answer are a leak; otherwise a failed control
/// makes the probe inconclusive; an answer unlike the nonexistent id's is an existence oracle (<see cref="ProbeKind.Existence"/>).
/// </summary>
internal sealed class ReadProbe(ProbeKind kind, Endpoint endpoint, int attacker, int victim, TableName table, IReadOnlyList<string> key, ReadOracle oracle)
    : IdorProbe(kind, endpoint, attacker, victim, string.Join(",", key))
{
    /// <summary>The read's own kind, and <see cref="ProbeKind.Existence"/> when the answers are compared.</summary>
    public override IReadOnlyList<ProbeKind> Kinds => oracle == ReadOracle.Differential ? [Kind, ProbeKind.Existence] : [Kind];

    public override async Task<ProbeOutcome> RunAsync(IdorRuntime runtime, CancellationToken cancellationToken)
    {
        var victim = Victim!.Value;
        var seeded = await runtime.Rows.SeededAsync(table, key, cancellationToken);
        var values = seeded.Row is null ? null : ResourceAddress.For(Endpoint, table, seeded.Row, runtime.Catalog, runtime.Model);
        if (values is null)
        {
            return Split(new ProbeOutcome(0, [], $"{table} row {string.Join(",", key)} of {runtime.Tenant(victim)} gives no value for every path parameter"));
        }

        var query = IdorRuntime.Query(Endpoint, runtime.Principal(Attacker));
        var request = new TargetRequest(Endpoint.Method, Endpoint.FillPath(values) + query);
        var (control, controlSent) = await runtime.ControlAsync(victim, request, cancellationToken);
        TargetResponse? nonexistent = null;
        var nonexistentSent = false;
        if (oracle == ReadOracle.Differential)
        {
            var nowhere = new TargetRequest(Endpoint.Method, Endpoint.FillPath(NonexistentIds.For(Endpoint, runtime.Catalog, runtime.Ledger)) + query);
            (nonexistent, nonexistentSent) = await runtime.OnceAsync(Attacker, nowhere, cancellationToken);
        }

        var requests = 1 + (controlSent ? 1 : 0) + (nonexistentSent ? 1 : 0);
        var response = await runtime.Client.SendAsAsync(runtime.Principal(Attacker), request, cancellationToken);
        var leaks = runtime.Scanner.Scan(response.Body, Attacker, request.PathAndQuery);
        var verdict = ReadJudge.Judge(new ReadAnswers(response, nonexistent, control), leaks, oracle, runtime.Options.DeniedStatuses);
        switch (verdict.Kind)
        {
            case ReadVerdictKind.Pass:
                return Split(ProbeOutcome.Pass(requests));
            case ReadVerdictKind.Inconclusive:
                return Split(new ProbeOutcome(requests, [], $"{request}: {verdict.Reason} ({runtime.Tenant(victim)} owns it, {runtime.Tenant(Attacker)} asked)"));
        }

        var what = Kind == ProbeKind.TamperRoute ? $"{runtime.Tenant(victim)}'s tenant id in the route" : $"{runtime.Tenant(victim)}'s {table} row {values[Endpoint.Resource!.Name]}";
        var message = $"{Endpoint.Route}: {runtime.Tenant(Attacker)} asked for {what}: {verdict.Reason}{IdorRuntime.Leaked(leaks)}";
        var compared = string.Create(CultureInfo.InvariantCulture,
            $"owner's answer: status {control.Status}{(nonexistent is null ? "" : $"; answer for an id that exists nowhere: status {nonexistent.Status}")}");
        var reproduction = await runtime.ReproduceAsync(Attacker, request, cancellationToken);
        var findingKind = verdict.Kind == ReadVerdictKind.Leak ? Kind : ProbeKind.Existence;
        var finding = runtime.Finding(findingKind, Endpoint, Attacker, victim, message, IdorRuntime.Evidence(response, leaks, compared), reproduction);
        return Split(new ProbeOutcome(requests, [finding]));
    }

    /// <summary>The outcome with each of <see cref="Kinds"/>' share: the requests go to the read, each finding to its own kind.</summary>
    private ProbeOutcome Split(ProbeOutcome outcome)
    {
        if (Kinds.Count == 1)
        {
            return outcome;
        }

        var existence = outcome.Findings.Where(f => f.Rule == IdorRules.ExistenceOracle).ToList();
        return outcome with
        {
            ByKind = new Dictionary<ProbeKind, ProbeOutcome>
            {
                [Kind] = new(outcome.Requests, [.. outcome.Findings.Except(existence)]),
                [ProbeKind.Existence] = new(0, existence),
            },
        };
    }
}
