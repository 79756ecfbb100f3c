using Harness.Catalog;
using Harness.Ledger;
using Harness.Manifest;
using Harness.Model;
using Harness.Probing;
using Harness.Targets.Endpoints;

namespace Harness.Scenarios.Idor;

/// <summary>
/// Every probe of one run, in report order: per endpoint and (attacker, victim) pair of the <see cref="PairPlan"/>, reads,
/// writes and deletes of the victim's ids (rotated by attacker, so the pairs cover different rows), creates under the
/// victim's parents and with its tenant id in the body, list sweeps per attacker, header and query tampering per pair (one probe, split when it leaks),
/// reads of lists under a parent with the victim's parent (judged differentially whatever <see cref="IdorOptions.Oracle"/> says),
/// and one authentication probe per endpoint. Deterministic: the same ledger and seed give the same probes.
/// </summary>
internal sealed class IdorPlanner(
    IReadOnlyList<Endpoint> endpoints, SeedLedger ledger, IReadOnlyList<TenantPair> pairs, IdorOptions options, TenancyModel model, CatalogSnapshot catalog)
{
    public List<IdorProbe> Build()
    {
        var probes = new List<IdorProbe>();
        var attackers = pairs.Select(p => p.Attacker).Distinct().Order().ToList();
        foreach (var endpoint in endpoints.Where(e => e.Kind != EndpointKind.Public))
        {
            switch (endpoint.Kind)
            {
                case EndpointKind.Resource when endpoint.Resource is { } resource:
                    PlanResource(endpoint, resource, probes);
                    break;
                case EndpointKind.List or EndpointKind.Search or EndpointKind.Export:
                    probes.AddRange(attackers.Select(a => new SweepProbe(endpoint, a)));
                    if (endpoint.Resource is { } parent)
                    {
                        // A list under a parent: read under B's parent like a row, judged on B's data, never on the status.
                        PlanReads(endpoint, parent.Table, ReadOracle.Differential, probes);
                    }
                    else
                    {
                        probes.AddRange(pairs.Select(p => new TamperProbe(endpoint, p.Attacker, p.Victim)));
                    }

                    break;
                case EndpointKind.Create when endpoint.Creates is { } created:
                    var parents = Parents(endpoint, created);
                    foreach (var pair in pairs)
                    {
                        probes.AddRange(parents.Select(parent => new CreateProbe(ProbeKind.ForeignParent, endpoint, pair.Attacker, pair.Victim, parent)));
                        probes.Add(new CreateProbe(ProbeKind.TamperBody, endpoint, pair.Attacker, pair.Victim, null));
                    }

                    break;
            }

            probes.Add(new AuthProbe(endpoint));
        }

        return probes;
    }

    /// <summary>The tables (tenant tables, not the root) whose rows a create points at: its path parameters' and its foreign keys'.</summary>
    public IReadOnlyList<TableName> Parents(Endpoint endpoint, TableName created)
    {
        var tenant = model.TenantColumnOf(created);
        var fromKeys = catalog.FindTable(created)?.ForeignKeys
            .Where(fk => fk.Columns.Any(c => c != tenant) && model.TenantTables.Contains(fk.ReferencedTable) && fk.ReferencedTable != created)
            .Select(fk => fk.ReferencedTable) ?? [];
        return [.. endpoint.Parameters.Select(p => p.Table).Concat(fromKeys).Where(t => t != model.Root).Distinct()];
    }

    private void PlanResource(Endpoint endpoint, PathParameter resource, List<IdorProbe> probes)
    {
        var table = resource.Table;
        if (endpoint.Method == "GET")
        {
            PlanReads(endpoint, table, options.Oracle, probes);
            return;
        }

        foreach (var (pair, key) in VictimKeys(table))
        {
            IdorProbe probe = endpoint.Method switch
            {
                "PUT" or "PATCH" => new WriteProbe(endpoint, pair.Attacker, pair.Victim, table, key),
                "DELETE" => new DeleteProbe(endpoint, pair.Attacker, pair.Victim, table, key),
                _ => throw new IdorException($"{endpoint.Route}: a {endpoint.Method} with an id is not a resource read, write or delete; give it 'kind: create' or 'kind: public'") { Route = endpoint.Route },
            };
            probes.Add(probe);
        }
    }

    /// <summary>Reads of the victims' rows of <paramref name="table"/> (the tenant's own id for the root: route tampering).</summary>
    private void PlanReads(Endpoint endpoint, TableName table, ReadOracle oracle, List<IdorProbe> probes)
    {
        var kind = table == model.Root ? ProbeKind.TamperRoute : ProbeKind.Read;
        probes.AddRange(VictimKeys(table).Select(x => new ReadProbe(kind, endpoint, x.Pair.Attacker, x.Pair.Victim, table, x.Key, oracle)));
    }

    /// <summary>
    /// Per pair, up to <see cref="IdorOptions.IdsPerPair"/> of the victim's live keys of <paramref name="table"/>, rotated by
    /// attacker so pairs cover different rows. Soft-deleted rows are left out: their owner cannot read them through the
    /// app either, so a refusal would prove nothing (lists and searches still must not carry them to another tenant).
    /// </summary>
    private IEnumerable<(TenantPair Pair, IReadOnlyList<string> Key)> VictimKeys(TableName table)
    {
        foreach (var pair in pairs)
        {
            var seeded = ledger.Tenants[pair.Victim].Table(table.Value);
            IReadOnlyList<IReadOnlyList<string>> keys = seeded is null ? [] : [.. seeded.Keys.Where((_, i) => !seeded.IsDeleted(i))];
            var count = Math.Min(options.IdsPerPair, keys.Count);
            for (var i = 0; i < count; i++)
            {
                yield return (pair, keys[(pair.Attacker + i) % keys.Count]);
            }
        }
    }
}
