using Harness.Model;
using Harness.Targets;
using Harness.Targets.Endpoints;
using Npgsql;

namespace Harness.Scenarios.Idor;

/// <summary>
/// A's user DELETEs a row of B's. The row is a copy of one of B's rows, inserted as the admin with fresh keys just for this
/// probe (so a delete that goes through, and its cascades, destroys no seeded data); it must still be there, unchanged,
/// afterwards. The copy is removed as the admin either way. A copy the database refuses skips the probe (<see cref="SetupFailure"/>).
/// </summary>
internal sealed class DeleteProbe(Endpoint endpoint, int attacker, int victim, TableName table, IReadOnlyList<string> key)
    : IdorProbe(ProbeKind.Delete, endpoint, attacker, victim, string.Join(",", key))
{
    public override async Task<ProbeOutcome> RunAsync(IdorRuntime runtime, CancellationToken cancellationToken)
    {
        var victim = Victim!.Value;
        var seeded = await runtime.Rows.SeededAsync(table, key, cancellationToken);
        if (seeded.Row is null)
        {
            return new ProbeOutcome(0, [], $"{table} row {string.Join(",", key)} of {runtime.Tenant(victim)} is missing");
        }

        IReadOnlyList<string> copyKey;
        try
        {
            copyKey = await runtime.Rows.InsertAsync(table, BodyBuilder.FreshCopy(seeded.Row, runtime.Rows.Shape(table), runtime.Fresh), cancellationToken);
        }
        catch (PostgresException e)
        {
            return SetupFailure.Skipped($"copying {runtime.Tenant(victim)}'s row {string.Join(",", key)} of", table, e);
        }

        try
        {
            var before = await runtime.Rows.ReadAsync(table, copyKey, cancellationToken);
            var values = ResourceAddress.For(Endpoint, table, before.Row!, runtime.Catalog, runtime.Model);
            if (values is null)
            {
                return new ProbeOutcome(0, [], $"{table} rows of {runtime.Tenant(victim)} give no value for every path parameter");
            }

            var principal = runtime.Principal(Attacker);
            var request = new TargetRequest(Endpoint.Method, Endpoint.FillPath(values) + IdorRuntime.Query(Endpoint, principal));
            var response = await runtime.Client.SendAsAsync(principal, request, cancellationToken);
            var after = await runtime.Rows.ReadAsync(table, copyKey, cancellationToken);
            if (after.Exists && after.Checksum == before.Checksum)
            {
                return ProbeOutcome.Pass(1);
            }

            var effect = after.Exists ? "changed it" : "deleted it";
            var message = $"{Endpoint.Route}: {runtime.Tenant(Attacker)} deleted {runtime.Tenant(victim)}'s {table} row {values[Endpoint.Resource!.Name]}: the request {effect} in the database (answered {response.Status})";
            var evidence = IdorRuntime.Evidence(response, [], $"the row (a copy of {runtime.Tenant(victim)}'s row {string.Join(",", key)} made for this probe) was {(after.Exists ? "changed" : "gone")} afterwards");
            var reproduction = await runtime.ReproduceAsync(Attacker, request, cancellationToken);
            return new ProbeOutcome(1, [runtime.Finding(Kind, Endpoint, Attacker, victim, message, evidence, reproduction)]);
        }
        finally
        {
            await runtime.Rows.DeleteAsync(table, copyKey, CancellationToken.None);
        }
    }
}
