using System.Text.Json.Nodes;
using Harness.Model;
using Harness.Targets;
using Harness.Targets.Endpoints;

namespace Harness.Scenarios.Idor;

/// <summary>
/// A's user creates a row with a copy of A's own data, pointing at B: either at one of B's parents (<see cref="ProbeKind.ForeignParent"/>:
/// B's id in the path and in the body's foreign key columns to that parent) or with B's tenant id in the body
/// (<see cref="ProbeKind.TamperBody"/>). The database decides: no row may appear under B, nor any row referencing B's parent.
/// Rows that do appear are deleted as the admin afterwards.
/// </summary>
internal sealed class CreateProbe(ProbeKind kind, Endpoint endpoint, int attacker, int victim, TableName? parent)
    : IdorProbe(kind, endpoint, attacker, victim, parent?.Value ?? "")
{
    /// <summary>
    /// No other create that touches the attacker's or the victim's rows runs at the same time, so the rows that appear under
    /// the victim are this probe's (not another probe's legitimate create in its own tenant).
    /// </summary>
    public override IReadOnlyList<int> LockedTenants => Attacker < Victim!.Value ? [Attacker, Victim.Value] : [Victim.Value, Attacker];

    public override async Task<ProbeOutcome> RunAsync(IdorRuntime runtime, CancellationToken cancellationToken)
    {
        var victim = Victim!.Value;
        var table = Endpoint.Creates!.Value;
        var shape = runtime.Rows.Shape(table);
        var principal = runtime.Principal(Attacker);
        var template = await runtime.TemplateAsync(table, Attacker, cancellationToken);
        if (template is null)
        {
            return new ProbeOutcome(0, [], $"{runtime.Tenant(Attacker)} has no {table} row to copy into a create");
        }

        var body = BodyBuilder.ForCreate(template, shape, Endpoint.Body, principal.Placeholders());
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var parameter in Endpoint.Parameters)
        {
            var value = ResourceAddress.ValueOf(parameter, table, template, runtime.Catalog, runtime.Model)
                ?? Json.Text((await runtime.TemplateAsync(parameter.Table, Attacker, cancellationToken))?[parameter.Column]);
            if (value is null)
            {
                return new ProbeOutcome(0, [], $"{runtime.Tenant(Attacker)} has no {parameter.Table} row for {{{parameter.Name}}}");
            }

            values[parameter.Name] = value;
        }

        var conditions = new List<(string Column, string Value)> { (shape.TenantColumn, runtime.Principal(victim).TenantId) };
        string target;
        if (parent is { } parentTable)
        {
            var victimParent = await runtime.TemplateAsync(parentTable, victim, cancellationToken);
            if (victimParent is null)
            {
                return new ProbeOutcome(0, [], $"{runtime.Tenant(victim)} has no {parentTable} row to point at");
            }

            foreach (var parameter in Endpoint.Parameters.Where(p => p.Table == parentTable))
            {
                values[parameter.Name] = Json.Text(victimParent[parameter.Column]) ?? values[parameter.Name];
            }

            foreach (var fk in shape.Table.ForeignKeys.Where(f => f.ReferencedTable == parentTable))
            {
                for (var i = 0; i < fk.Columns.Count; i++)
                {
                    if (fk.Columns[i] != shape.TenantColumn && Json.Text(victimParent[fk.ReferencedColumns[i]]) is { } value)
                    {
                        body[fk.Columns[i]] = victimParent[fk.ReferencedColumns[i]]!.DeepClone();
                        conditions.Add((fk.Columns[i], value));
                    }
                }
            }

            target = $"under {runtime.Tenant(victim)}'s {parentTable} row {Json.Text(victimParent[KeyOf(runtime, parentTable)])}";
        }
        else
        {
            body[shape.TenantColumn] = JsonValue.Create(runtime.Principal(victim).TenantId);
            target = $"with {shape.TenantColumn} = {runtime.Principal(victim).TenantId} ({runtime.Tenant(victim)}) in the body";
        }

        var request = new TargetRequest(Endpoint.Method, Endpoint.FillPath(values) + IdorRuntime.Query(Endpoint, principal), body.ToJsonString());
        var before = await runtime.Rows.KeysWhereAnyAsync(table, conditions, cancellationToken);
        var response = await runtime.Client.SendAsAsync(principal, request, cancellationToken);
        var after = await runtime.Rows.KeysWhereAnyAsync(table, conditions, cancellationToken);
        var created = after.Except(before).ToList();
        foreach (var key in created)
        {
            await runtime.Rows.DeleteAsync(table, key.Split('\u001f'), CancellationToken.None);
        }

        var leaks = runtime.Scanner.Scan(response.Body, Attacker, request.PathAndQuery + request.JsonBody);
        if (created.Count == 0 && leaks.Count == 0)
        {
            return ProbeOutcome.Pass(1);
        }

        var effect = created.Count > 0
            ? $"{created.Count} {table} row(s) appeared in the database under {runtime.Tenant(victim)} or its parent (answered {response.Status}; removed again)"
            : $"nothing was created but the answer ({response.Status}) carries another tenant's data";
        var message = $"{Endpoint.Route}: {runtime.Tenant(Attacker)} created a {table} row {target}: {effect}{IdorRuntime.Leaked(leaks)}";
        var reproduction = await runtime.ReproduceAsync(Attacker, request, cancellationToken);
        return new ProbeOutcome(1, [runtime.Finding(Kind, Endpoint, Attacker, victim, message, IdorRuntime.Evidence(response, leaks), reproduction)]);
    }

    private static string KeyOf(IdorRuntime runtime, TableName table) =>
        runtime.Rows.Shape(table).KeyColumns.Select(c => c.Name).FirstOrDefault(c => c != runtime.Rows.Shape(table).TenantColumn)
        ?? runtime.Rows.Shape(table).TenantColumn;
}
