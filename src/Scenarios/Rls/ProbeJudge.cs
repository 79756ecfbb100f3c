using System.Globalization;
using System.Text;
using System.Text.Json;
using Harness.Findings;
using Harness.Ledger;

namespace Harness.Scenarios.Rls;

/// <summary>
/// Turns a probe's outcome into findings: names the table, operation and context (in the subject), the attacker and the
/// tenant whose rows leaked or were touched (from the ledger), the observed rows or counts as evidence, and a SQL script
/// that shows it again.
/// </summary>
internal sealed class ProbeJudge
{
    private const int EvidenceRows = 3;
    private const int ListedTenants = 5;

    private readonly Dictionary<string, SeededTenant> tenantsById;
    private readonly Dictionary<string, SeededTenant> tenantsByCanary;
    private readonly string contextSetting;
    private readonly string tenantKey;
    private readonly string appRole;
    private readonly string schema;

    public ProbeJudge(SeedLedger ledger, string contextSetting, string appRole, string schema)
    {
        this.contextSetting = contextSetting;
        this.appRole = appRole;
        this.schema = schema;
        tenantKey = ledger.TenantKey;
        tenantsById = new Dictionary<string, SeededTenant>(StringComparer.OrdinalIgnoreCase);
        tenantsByCanary = new Dictionary<string, SeededTenant>(StringComparer.Ordinal);
        foreach (var tenant in ledger.Tenants)
        {
            tenantsById.TryAdd(tenant.TenantId, tenant);
            foreach (var canary in tenant.Canaries)
            {
                tenantsByCanary.TryAdd(canary, tenant);
            }
        }
    }

    /// <param name="baseline">For a bypass probe: the outcome of the same SELECT without the setting.</param>
    public IEnumerable<Finding> Judge(Probe probe, ProbeOutcome outcome, ProbeOutcome? baseline = null) => probe.Expect switch
    {
        Expectation.ExactlyOwnRows => ExactlyOwnRows(probe, outcome),
        Expectation.NoRows => ForeignRows(probe, outcome, probe.Subject, own: null),
        Expectation.OnlyAttackerRows => ForeignRows(probe, outcome, probe.Subject, own: probe.Attacker, baseline),
        Expectation.Denied => Denied(probe, outcome),
        Expectation.Allowed => Allowed(probe, outcome),
        Expectation.NoForeignData => NoForeignData(probe, outcome),
        _ => [],
    };

    /// <summary>The tenant as findings name it: index, name and id from the ledger.</summary>
    public static string Label(SeededTenant tenant) => $"tenant {tenant.Index} \"{tenant.Name}\" ({tenant.TenantId})";

    private IEnumerable<Finding> ExactlyOwnRows(Probe probe, ProbeOutcome outcome)
    {
        var attacker = probe.Attacker!;
        foreach (var finding in ForeignRows(probe, outcome, probe.LeakSubject ?? probe.Subject, own: attacker))
        {
            yield return finding;
        }

        var visible = outcome.Rows.Count(r => r.Keyed && IsTenant(r.Tenant, attacker));
        if (!outcome.Failed && visible >= probe.OwnRows)
        {
            yield break;
        }

        var problem = outcome.Failed
            ? $"failed with {outcome.SqlState} ({outcome.Error})"
            : $"showed {visible} of its {probe.OwnRows} seeded rows";
        yield return Create(
            probe,
            probe.Subject,
            $"{Context(probe)}, {probe.What} {problem}: the tenant cannot read its own {probe.Target} rows",
            $"expected the {probe.OwnRows} seeded rows of {Label(attacker)}; " + Observed(outcome));
    }

    private IEnumerable<Finding> ForeignRows(Probe probe, ProbeOutcome outcome, string subject, SeededTenant? own, ProbeOutcome? baseline = null)
    {
        // Rows already visible without the bypass setting are a cross-tenant read of their own, reported there.
        var known = (baseline?.Rows ?? []).Select(r => r.Json).ToHashSet(StringComparer.Ordinal);
        var foreign = outcome.Rows.Where(r => (own is null || !IsTenant(r.Tenant, own)) && !known.Contains(r.Json)).ToList();
        if (foreign.Count == 0)
        {
            yield break;
        }

        var owners = foreign.GroupBy(r => r.Tenant ?? "", StringComparer.OrdinalIgnoreCase)
            .Select(g => (Label: OwnerLabel(g.Key), Count: g.Count()))
            .OrderByDescending(o => o.Count)
            .ThenBy(o => o.Label, StringComparer.Ordinal)
            .ToList();
        yield return Create(
            probe,
            subject,
            $"{Context(probe)}, {probe.What} returned {Rows(foreign.Count)} of {Owners(owners, other: own is not null)}",
            Observed(outcome, foreign));
    }

    private IEnumerable<Finding> Denied(Probe probe, ProbeOutcome outcome)
    {
        if (!outcome.Admitted)
        {
            yield break;
        }

        var victim = probe.Victim is null ? "another tenant" : Label(probe.Victim);
        var result = outcome.Failed
            ? $"was admitted by row-level security (victim: {victim}); only a constraint stopped this particular row "
              + $"(SQLSTATE {outcome.SqlState}: {outcome.Error}; PostgreSQL checks policies before constraints)"
            : probe.Effect.Replace("{rows}", Rows(outcome.RowsAffected), StringComparison.Ordinal).Replace("{victim}", victim, StringComparison.Ordinal);
        yield return Create(
            probe,
            probe.Subject,
            $"{Context(probe)}, {probe.What} {result}",
            Observed(outcome));
    }

    private IEnumerable<Finding> Allowed(Probe probe, ProbeOutcome outcome)
    {
        if (outcome.Admitted)
        {
            yield break;
        }

        var result = outcome.Failed ? $"was refused with SQLSTATE {outcome.SqlState} ({outcome.Error})" : "changed no row";
        yield return Create(
            probe,
            probe.Subject,
            $"{Context(probe)}, {probe.What} {result}: the tenant cannot {probe.Subject.Split(' ')[1].ToLowerInvariant()} its own {probe.Target} rows",
            Observed(outcome));
    }

    private IEnumerable<Finding> NoForeignData(Probe probe, ProbeOutcome outcome)
    {
        var attacker = probe.Attacker!;
        var leaks = new Dictionary<SeededTenant, List<string>>();
        var leakedRows = new List<ProbeRow>();
        foreach (var row in outcome.Rows)
        {
            var before = leaks.Values.Sum(v => v.Count);
            foreach (var token in CanaryToken.FindIn(row.Json))
            {
                if (tenantsByCanary.TryGetValue(token, out var owner) && owner != attacker)
                {
                    Add(leaks, owner, $"canary {token}");
                }
            }

            foreach (var (owner, value) in TenantValues(row.Json))
            {
                if (owner != attacker)
                {
                    Add(leaks, owner, $"{tenantKey} = {value}");
                }
            }

            if (leaks.Values.Sum(v => v.Count) > before)
            {
                leakedRows.Add(row);
            }
        }

        if (leaks.Count == 0)
        {
            yield break;
        }

        var owners = leaks.OrderBy(l => l.Key.Index).Select(l => (Label(l.Key), l.Value.Count)).ToList();
        var marks = string.Join("; ", leaks.OrderBy(l => l.Key.Index).Take(ListedTenants)
            .Select(l => $"{Label(l.Key)}: {string.Join(", ", l.Value.Distinct(StringComparer.Ordinal).Take(3))}"));
        yield return Create(
            probe,
            probe.Subject,
            $"{Context(probe)}, {probe.What} returned {Rows(leakedRows.Count)} carrying data of {Owners(owners, other: true)}",
            $"{marks}; " + Observed(outcome, leakedRows));
    }

    private static void Add(Dictionary<SeededTenant, List<string>> leaks, SeededTenant owner, string mark)
    {
        if (!leaks.TryGetValue(owner, out var marks))
        {
            leaks[owner] = marks = [];
        }

        marks.Add(mark);
    }

    /// <summary>Tenant ids in a function's row: its tenant-key property, and any seeded tenant id among its string values.</summary>
    private IEnumerable<(SeededTenant Owner, string Value)> TenantValues(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            yield break;
        }

        using (document)
        {
            var values = new List<string>();
            Collect(document.RootElement, values);
            foreach (var value in values.Distinct(StringComparer.Ordinal))
            {
                if (tenantsById.TryGetValue(value, out var owner))
                {
                    yield return (owner, value);
                }
            }
        }
    }

    private void Collect(JsonElement element, List<string> values)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name == tenantKey && property.Value.ValueKind is JsonValueKind.Number)
                    {
                        values.Add(property.Value.GetRawText());
                    }

                    Collect(property.Value, values);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, values);
                }

                break;
            case JsonValueKind.String:
                values.Add(element.GetString() ?? "");
                break;
        }
    }

    /// <summary>A finding in <paramref name="subject"/>'s group; rows leaked into an own-context SELECT are reported as a cross-tenant read.</summary>
    private Finding Create(Probe probe, string subject, string message, string evidence) =>
        new(
            subject == probe.Subject ? probe.Rule : RlsRules.CrossTenantRead,
            RlsMatrix.ScenarioId,
            subject,
            $"{char.ToUpperInvariant(message[0])}{message[1..]}; {subject} must {Must(subject == probe.Subject ? probe.Expect : Expectation.NoRows)}.",
            probe.Note is null ? evidence : $"{probe.Note}; {evidence}",
            RlsSql.Reproduction(appRole, schema, contextSetting, probe));

    private static string Must(Expectation expect) => expect switch
    {
        Expectation.ExactlyOwnRows => "show exactly the tenant's own rows",
        Expectation.NoRows => "return no row",
        Expectation.OnlyAttackerRows => "still show only the tenant's own rows",
        Expectation.Denied => "be denied",
        Expectation.Allowed => "be allowed",
        _ => "return no other tenant's data",
    };

    private string Context(Probe probe)
    {
        var extra = probe.Settings.Where(s => s.Key != contextSetting).Select(s => $"{s.Key} = '{s.Value}'").ToList();
        var with = extra.Count == 0 ? "" : $" and {string.Join(", ", extra)}";
        if (probe.Who is { } who)
        {
            return who + with;
        }

        var value = probe.Setup.Select(s => s.Parameters).FirstOrDefault(p => p.Count == 2 && p[0] == contextSetting)?[1];
        return probe.Context switch
        {
            TenantContext.Own or TenantContext.OtherTenant when probe.Attacker is { } attacker =>
                $"under the context of {Label(attacker)} ({contextSetting} = '{attacker.TenantId}'{with})",
            TenantContext.None => $"with {contextSetting} not set in the session{with}",
            TenantContext.EmptyString => $"with {contextSetting} = ''{with}",
            _ => $"with {contextSetting} = '{value}' (the id of no tenant){with}",
        };
    }

    private static string Observed(ProbeOutcome outcome, IReadOnlyList<ProbeRow>? rows = null)
    {
        var text = new StringBuilder();
        if (outcome.Failed)
        {
            text.Append(CultureInfo.InvariantCulture, $"error SQLSTATE {outcome.SqlState}: {outcome.Error}");
        }
        else if (outcome.RowsAffected >= 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"rows affected: {outcome.RowsAffected}");
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"rows returned: {outcome.Rows.Count}");
            var shown = rows ?? outcome.Rows;
            if (shown.Count > 0)
            {
                text.Append("; e.g. ").Append(string.Join(" | ", shown.Take(EvidenceRows).Select(r => r.Json)));
            }
        }

        if (outcome.ContextSeen is { } seen)
        {
            text.Append(CultureInfo.InvariantCulture, $"; the session's context setting was '{seen}'");
        }

        return text.ToString();
    }

    private string OwnerLabel(string tenantId) =>
        tenantsById.TryGetValue(tenantId, out var tenant) ? Label(tenant)
        : tenantId.Length == 0 ? $"no tenant ({tenantKey} IS NULL)"
        : $"no seeded tenant ({tenantKey} = {tenantId})";

    private static string Owners(IReadOnlyList<(string Label, int Count)> owners, bool other)
    {
        var listed = string.Join(", ", owners.Take(ListedTenants).Select(o => $"{o.Label}: {o.Count}"));
        var tenants = other ? "other tenants" : "tenants";
        return owners.Count switch
        {
            1 => owners[0].Label,
            <= ListedTenants => $"{owners.Count} {tenants} ({listed})",
            _ => $"{owners.Count} {tenants} ({listed}, and {owners.Count - ListedTenants} more)",
        };
    }

    private static string Rows(long count) => count == 1 ? "1 row" : string.Create(CultureInfo.InvariantCulture, $"{count} rows");

    private static bool IsTenant(string? value, SeededTenant tenant) =>
        value is not null && string.Equals(value, tenant.TenantId, StringComparison.OrdinalIgnoreCase);
}
