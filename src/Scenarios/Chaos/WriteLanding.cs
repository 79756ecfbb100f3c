using System.Globalization;
using Harness.Findings;
using Harness.Model;
using Harness.Running;
using Harness.Sql;
using Npgsql;

namespace Harness.Scenarios.Chaos;

/// <summary>
/// Where every marked write landed, read as the admin once the faults are over: a marker in a row of another tenant is a
/// write on another tenant (CHAOS002); a created row whose marker is in two rows, or a create the app answered with success
/// that is in none, is a write the app's retry doubled or lost (CHAOS005), typically after an ambiguous commit.
/// </summary>
internal static class WriteLanding
{
    public static async Task<IReadOnlyList<CheckResult>> JudgeAsync(
        string adminConnectionString, TenancyModel model, WriteMarkers markers, IReadOnlyList<string> tenantIds, ChaosEvidence evidence,
        CancellationToken cancellationToken)
    {
        const string landed = "writes under faults";
        const string retried = "writes after an ambiguous commit";
        var writes = markers.All;
        if (writes.Count == 0)
        {
            const string why = "no write was made: name the app's writes in chaos.writes (a route and a body with {marker}), or a job body with {marker}";
            return [ChaosJudge.NotCovered(ChaosRules.WriteOnOtherTenant, landed, why), ChaosJudge.NotCovered(ChaosRules.AmbiguousCommit, retried, why)];
        }

        var rows = (await RowsAsync(adminConnectionString, model, markers.Prefix, cancellationToken)).ToLookup(r => r.Marker, StringComparer.Ordinal);
        var tenantOf = tenantIds.Select((id, index) => (id, index)).ToDictionary(t => t.id, t => t.index, StringComparer.OrdinalIgnoreCase);
        var onOther = new List<Finding>();
        var doubledOrLost = new List<Finding>();
        foreach (var write in writes)
        {
            var found = rows[write.Marker].ToList();
            foreach (var row in found.Where(r => !string.Equals(r.TenantId, tenantIds[write.Tenant], StringComparison.OrdinalIgnoreCase)))
            {
                var victim = tenantOf.GetValueOrDefault(row.TenantId, -1);
                onOther.Add(new Finding(
                    ChaosRules.WriteOnOtherTenant, ChaosScenario.ScenarioId, write.Route,
                    string.Create(CultureInfo.InvariantCulture,
                        $"tenant {write.Tenant}'s write {write.Marker} through {write.Route} landed in {row.Table} with the tenant key of {(victim >= 0 ? $"tenant {victim}" : $"'{row.TenantId}', no seeded tenant")}"),
                    $"answered {write.Status}; {evidence.Context(TimeSpan.MaxValue)}")
                {
                    Tenants = new FindingTenants(tenantIds[write.Tenant], row.TenantId),
                });
            }

            if (write.Creates && (found.Count > 1 || (found.Count == 0 && write.Status is >= 200 and < 300)))
            {
                doubledOrLost.Add(new Finding(
                    ChaosRules.AmbiguousCommit, ChaosScenario.ScenarioId, write.Route,
                    string.Create(CultureInfo.InvariantCulture,
                        $"tenant {write.Tenant}'s create {write.Marker} through {write.Route} {(found.Count == 0 ? $"was answered {write.Status} but is in no row" : $"is in {found.Count} rows")}"),
                    $"{string.Join("; ", found.Select(r => $"{r.Table} (tenant key {r.TenantId})"))}; {evidence.Context(TimeSpan.MaxValue)}"));
            }
        }

        var creates = writes.Count(w => w.Creates);
        return
        [
            new CheckResult(ChaosRules.WriteOnOtherTenant, landed, [.. onOther.Take(12)], writes.Count),
            creates == 0
                ? ChaosJudge.NotCovered(ChaosRules.AmbiguousCommit, retried, "no write created a row (only a POST can be doubled or lost)")
                : new CheckResult(ChaosRules.AmbiguousCommit, retried, [.. doubledOrLost.Take(12)], creates),
        ];
    }

    private sealed record MarkedRow(string Table, string TenantId, string Marker);

    /// <summary>Every row of every tenant table whose text holds a marker, with its tenant key.</summary>
    private static async Task<List<MarkedRow>> RowsAsync(string adminConnectionString, TenancyModel model, string prefix, CancellationToken cancellationToken)
    {
        var rows = new List<MarkedRow>();
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync(cancellationToken);
        foreach (var table in model.TenantTables.Append(model.Root).Distinct())
        {
            var key = SqlIdentifier.Quote(model.TenantColumnOf(table));
            var sql = $"SELECT t.{key}::text, m[1] FROM {SqlIdentifier.Quote(table.Value)} AS t, "
                + "LATERAL regexp_matches(t::text, @pattern, 'g') AS m WHERE strpos(t::text, @prefix) > 0";
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddWithValue("pattern", $"({prefix}[0-9]+)");
            command.Parameters.AddWithValue("prefix", prefix);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(new MarkedRow(table.Value, reader.IsDBNull(0) ? "" : reader.GetString(0), reader.GetString(1)));
            }
        }

        return rows;
    }
}
