using System.Globalization;
using Harness.Findings;
using Harness.Snapshots;

namespace Harness.Drills.Verify;

/// <summary>The findings of <see cref="RestoreVerifier"/>: what differs, for which tenant and table, and what to do.</summary>
internal static class RestoreFindings
{
    private const string ScenarioId = RestoreVerifier.ScenarioId;

    /// <summary>RST002 for one (table, tenant); <paramref name="keys"/> names the rows when a reference database was compared.</summary>
    public static Finding Rows(DataChange change, KeyComparison? keys, bool compared)
    {
        var tenant = change.TenantId ?? "NULL";
        var what = change.RowsAfter < change.RowsBefore ? $"{change.RowsBefore - change.RowsAfter} rows missing"
            : change.RowsAfter > change.RowsBefore ? $"{change.RowsAfter - change.RowsBefore} rows extra"
            : change.KeyHashChanged ? "the same number of rows with other primary keys"
            : "rows changed";
        var digest = $"primary keys {(change.KeyHashChanged ? "differ" : "equal")}, row contents {(change.RowHashChanged ? "differ" : "equal")}";
        var evidence = keys is null
            ? compared
                ? $"{digest}; the reference database was not compared for this table"
                : $"{digest}; name the differing primary keys with --against <a database holding the expected state>"
            : keys.Keyless
                ? $"{digest}; {change.Table} has no primary key, so no row can be named"
                : $"{digest}; {Keys(keys)}";
        return new Finding(
            DrillRules.TenantRowsDiffer, ScenarioId, $"{change.Table} tenant {tenant}",
            string.Create(CultureInfo.InvariantCulture, $"tenant {tenant} in {change.Table}: {what} ({change.RowsBefore} expected, {change.RowsAfter} restored)"),
            evidence);
    }

    private static string Keys(KeyComparison keys)
    {
        if (keys.Total == 0)
        {
            return "the reference database holds the same rows for this tenant (it is not the state the snapshot was taken of)";
        }

        var parts = keys.Keys.GroupBy(k => k.Kind).OrderBy(g => g.Key).Select(g =>
            $"{g.Key.ToString().ToLowerInvariant()}: {string.Join(", ", g.Select(Describe))}");
        var more = keys.Total > keys.Keys.Count ? string.Create(CultureInfo.InvariantCulture, $" (first {keys.Keys.Count} of {keys.Total} keys)") : "";
        return $"keys {string.Join("; ", parts)}{more}";
    }

    private static string Describe(KeyDifference key) => key.OtherTenant is null
        ? key.Key
        : key.Kind == KeyDifferenceKind.Missing ? $"{key.Key} (now under tenant {key.OtherTenant})" : $"{key.Key} (was tenant {key.OtherTenant}'s)";

    /// <summary>RST003: a canary found under a tenant key it was not under in the expected state.</summary>
    public static Finding Canary(CanaryChange change)
    {
        var owner = change.Before.Count > 0 ? change.Before[0].TenantId : null;
        var foreign = change.After.First(a => !change.Before.Any(b => string.Equals(b.TenantId, a.TenantId, StringComparison.Ordinal)));
        return new Finding(
            DrillRules.CrossTenantContamination, ScenarioId, $"{foreign.Table} tenant {foreign.TenantId ?? "NULL"}",
            $"canary {change.Token}{(owner is null ? "" : $" of tenant {owner}")} is in {foreign.Table} under tenant key {foreign.TenantId ?? "NULL"} after the restore",
            $"expected in: {string.Join(", ", change.Before.Select(p => $"{p.Table} ({p.TenantId ?? "NULL"})"))}; restored in: {string.Join(", ", change.After.Select(p => $"{p.Table} ({p.TenantId ?? "NULL"})"))}")
        {
            Tenants = owner is null || foreign.TenantId is null ? null : new FindingTenants(foreign.TenantId, owner),
        };
    }

    /// <summary>RST004: a catalog object added, removed or changed.</summary>
    public static Finding Catalog(CatalogChange change) => new(
        DrillRules.SecurityCatalogDiffers, ScenarioId, $"{change.Category} {change.Name}",
        $"{change.Category} {change.Name} {change.Kind.ToString().ToLowerInvariant()} after the restore",
        $"expected: {change.Before ?? "(none)"}; restored: {change.After ?? "(none)"}");

    /// <summary>RST004: a role the expected catalog names (owner, grantee, policy role) that the restored server does not have.</summary>
    public static Finding MissingRole(string role, SecurityCatalog expected)
    {
        var uses = expected.Policies.Where(p => p.Roles.Contains(role)).Select(p => $"policy {p.Table}.{p.Name}")
            .Concat(expected.Tables.Where(t => t.Owner == role).Select(t => $"owner of {t.Name}"))
            .Concat(expected.Privileges.Where(p => p.Grantee == role)
                .GroupBy(p => $"{p.ObjectKind} {p.Name}{(p.Column is null ? "" : "." + p.Column)}")
                .Select(g => $"{string.Join("/", g.Select(p => p.Privilege).Order(StringComparer.Ordinal))} on {g.Key}"))
            .ToList();
        return new Finding(
            DrillRules.SecurityCatalogDiffers, ScenarioId, $"Role {role}",
            $"role {role} does not exist on the restored server: the grants and policies naming it are lost",
            $"the expected catalog names it in: {string.Join(", ", uses.Take(10))}{(uses.Count > 10 ? $" and {uses.Count - 10} more" : "")}. "
            + "Roles belong to the server, not the database: a physical restore (pg_basebackup, pgBackRest) brings them back, a logical one "
            + "(pg_dump/pg_restore) does not; create them from pg_dumpall --globals-only of the source before restoring, then restore again "
            + "so the grants and policies that name them are created");
    }
}
