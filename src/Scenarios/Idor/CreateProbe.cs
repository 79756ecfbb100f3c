using System.Text.Json.Nodes;
using Harness.Model;
using Harness.Targets;
using Harness.Targets.Endpoints;

namespace Harness.Scenarios.Idor;

/// <summary>
/// A's user creates a row with a copy of A's own data, pointing at B: either at one of B's parents (<see cref="ProbeKind.ForeignParent"/>:
/// B's id in the path and in the body's foreign key columns to that parent) or with B's tenant id in the body
/// (<see cref="ProbeKind.TamperBody"/>). The database decides: no row may appear under B, nor any row referencing B's parent.
/// Rows that do appear are deleted as the admin afterwards. The scenario runs creates in rounds, one victim at a time
/// (<see cref="CreateRounds"/>); <see cref="RunAsync"/> judges one probe on its own.
/// </summary>
internal sealed class CreateProbe(ProbeKind kind, Endpoint endpoint, int attacker, int victim, TableName? parent)
    : IdorProbe(kind, endpoint, attacker, victim, parent?.Value ?? "")
{
    /// <summary>The table the endpoint creates rows in.</summary>
    public TableName Table => Endpoint.Creates!.Value;

    /// <summary>Alone: the rows under the victim (and its parents) as the admin before and after the request; any new one is a finding.</summary>
    public override async Task<ProbeOutcome> RunAsync(IdorRuntime runtime, CancellationToken cancellationToken)
    {
        var (attempt, unprepared) = await PrepareAsync(runtime, cancellationToken);
        if (attempt is null)
        {
            return unprepared!;
        }

        var before = await runtime.Rows.KeysWhereAnyAsync(Table, attempt.Conditions, cancellationToken);
        var response = await SendAsync(runtime, attempt, cancellationToken);
        var created = await runtime.Rows.RemoveNewAsync(Table, attempt.Conditions, before, cancellationToken);
        return await JudgeAsync(runtime, attempt, response, created, cancellationToken);
    }

    /// <summary>The request, and the conditions (column = value) that find rows under the victim or its parents; or why there is none.</summary>
    public async Task<(CreateAttempt? Attempt, ProbeOutcome? Unprepared)> PrepareAsync(IdorRuntime runtime, CancellationToken cancellationToken)
    {
        var victim = Victim!.Value;
        var table = Endpoint.Creates!.Value;
        var shape = runtime.Rows.Shape(table);
        var principal = runtime.Principal(Attacker);
        var template = await runtime.TemplateAsync(table, Attacker, cancellationToken);
        if (template is null)
        {
            return Unprepared($"{runtime.Tenant(Attacker)} has no {table} row to copy into a create");
        }

        var body = BodyBuilder.ForCreate(template, shape, Endpoint.Body, principal.Placeholders());
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var parameter in Endpoint.Parameters)
        {
            var value = ResourceAddress.ValueOf(parameter, table, template, runtime.Catalog, runtime.Model)
                ?? Json.Text((await runtime.TemplateAsync(parameter.Table, Attacker, cancellationToken))?[parameter.Column]);
            if (value is null)
            {
                return Unprepared($"{runtime.Tenant(Attacker)} has no {parameter.Table} row for {{{parameter.Name}}}");
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
                return Unprepared($"{runtime.Tenant(victim)} has no {parentTable} row to point at");
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
        return (new CreateAttempt(request, conditions, target), null);
    }

    public Task<TargetResponse> SendAsync(IdorRuntime runtime, CreateAttempt attempt, CancellationToken cancellationToken) =>
        runtime.Client.SendAsAsync(runtime.Principal(Attacker), attempt.Request, cancellationToken);

    /// <summary>Pass, or a finding when <paramref name="created"/> rows appeared under the victim (already removed) or the answer carries another tenant's data.</summary>
    public async Task<ProbeOutcome> JudgeAsync(IdorRuntime runtime, CreateAttempt attempt, TargetResponse response, int created, CancellationToken cancellationToken)
    {
        var victim = Victim!.Value;
        var request = attempt.Request;
        var leaks = runtime.Scanner.Scan(response.Body, Attacker, request.PathAndQuery + request.JsonBody);
        if (created == 0 && leaks.Count == 0)
        {
            return ProbeOutcome.Pass(1);
        }

        var effect = created > 0
            ? $"{created} {Table} row(s) appeared in the database under {runtime.Tenant(victim)} or its parent (answered {response.Status}; removed again)"
            : $"nothing was created but the answer ({response.Status}) carries another tenant's data";
        var message = $"{Endpoint.Route}: {runtime.Tenant(Attacker)} created a {Table} row {attempt.Target}: {effect}{IdorRuntime.Leaked(leaks)}";
        var reproduction = await runtime.ReproduceAsync(Attacker, request, cancellationToken);
        return new ProbeOutcome(1, [runtime.Finding(Kind, Endpoint, Attacker, victim, message, IdorRuntime.Evidence(response, leaks), reproduction)]);
    }

    private static (CreateAttempt?, ProbeOutcome?) Unprepared(string why) => (null, new ProbeOutcome(0, [], why));

    private static string KeyOf(IdorRuntime runtime, TableName table) =>
        runtime.Rows.Shape(table).KeyColumns.Select(c => c.Name).FirstOrDefault(c => c != runtime.Rows.Shape(table).TenantColumn)
        ?? runtime.Rows.Shape(table).TenantColumn;
}

/// <summary>A prepared create: the request, the conditions that find rows under the victim or its parents, and a phrase for messages.</summary>
internal sealed record CreateAttempt(TargetRequest Request, IReadOnlyList<(string Column, string Value)> Conditions, string Target);
