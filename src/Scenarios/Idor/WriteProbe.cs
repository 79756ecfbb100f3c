using System.Globalization;
using Harness.Model;
using Harness.Targets;
using Harness.Targets.Endpoints;

namespace Harness.Scenarios.Idor;

/// <summary>
/// A's user PUTs or PATCHes one of B's rows (B's own values with one text field changed). The database decides, not the
/// status: the row's md5 as the admin must be the same after as before (a 200 that changed nothing is no leak; a 404 that
/// changed the row is). A changed row is restored from its before-image, so later probes see the seeded data.
/// </summary>
internal sealed class WriteProbe(Endpoint endpoint, int attacker, int victim, TableName table, IReadOnlyList<string> key)
    : IdorProbe(ProbeKind.Write, endpoint, attacker, victim, string.Join(",", key))
{
    public override string SerialKey => $"row|{table}|{string.Join(",", key)}";

    public override async Task<ProbeOutcome> RunAsync(IdorRuntime runtime, CancellationToken cancellationToken)
    {
        var victim = Victim!.Value;
        var before = await runtime.Rows.ReadAsync(table, key, cancellationToken);
        var values = before.Row is null ? null : ResourceAddress.For(Endpoint, table, before.Row, runtime.Catalog, runtime.Model);
        if (values is null)
        {
            return new ProbeOutcome(0, [], $"{table} row {string.Join(",", key)} of {runtime.Tenant(victim)} is missing or gives no value for every path parameter");
        }

        var principal = runtime.Principal(Attacker);
        var body = BodyBuilder.ForWrite(before.Row!, runtime.Rows.Shape(table), Endpoint.Body, principal.Placeholders(), runtime.NextSequence());
        var request = new TargetRequest(Endpoint.Method, Endpoint.FillPath(values) + IdorRuntime.Query(Endpoint, principal), body.ToJsonString());
        var response = await runtime.Client.SendAsAsync(principal, request, cancellationToken);
        var after = await runtime.Rows.ReadAsync(table, key, cancellationToken);
        var leaks = runtime.Scanner.Scan(response.Body, Attacker, request.PathAndQuery + request.JsonBody);
        var changed = after.Checksum != before.Checksum;
        if (changed)
        {
            await runtime.Rows.RestoreAsync(table, key, before.Row!, after.Exists, cancellationToken);
        }

        if (!changed && leaks.Count == 0)
        {
            return ProbeOutcome.Pass(1);
        }

        var effect = changed
            ? (after.Exists ? "changed" : "removed") + string.Create(CultureInfo.InvariantCulture, $" it in the database (answered {response.Status})")
            : string.Create(CultureInfo.InvariantCulture, $"the row is unchanged but the answer ({response.Status}) carries another tenant's data");
        var message = $"{Endpoint.Route}: {runtime.Tenant(Attacker)} wrote to {runtime.Tenant(victim)}'s {table} row {values[Endpoint.Resource!.Name]}: {effect}{IdorRuntime.Leaked(leaks)}";
        var evidence = IdorRuntime.Evidence(response, leaks, changed ? $"md5 before {before.Checksum}, after {after.Checksum ?? "(row gone)"}; the row was restored" : null);
        var reproduction = await runtime.ReproduceAsync(Attacker, request, cancellationToken);
        return new ProbeOutcome(1, [runtime.Finding(Kind, Endpoint, Attacker, victim, message, evidence, reproduction)]);
    }
}
