using System.Globalization;
using Harness.Findings;
using Harness.Ledger;
using Harness.Snapshots;

namespace Harness.Scenarios.Survival;

/// <summary>
/// The data check of one migration step (MIG010): per tenant table, each tenant keeps its rows (count and primary-key
/// set) and its canaries stay with it, unless the manifest lists the table as changed by this migration. A change of
/// content alone (a backfill rewriting columns) is not a finding: rows that vanish, appear or move between tenants are.
/// </summary>
internal static class DataSurvivalChecks
{
    private const int TenantsListed = 5;

    public static IEnumerable<Finding> Run(StepInput input, SeedLedger ledger, Func<string, bool> expectedChange)
    {
        var tablesAfter = input.After.Security.Tables.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var table in input.Before.Data.Select(d => d.Table).Distinct().Order(StringComparer.Ordinal))
        {
            if (expectedChange(table))
            {
                continue;
            }

            if (!tablesAfter.Contains(table))
            {
                var digests = input.Before.Data.Where(d => d.Table == table).ToList();
                var rows = digests.Sum(d => d.Rows);
                yield return input.Finding(
                    SurvivalRules.TenantDataMoved, table,
                    $"tenant table {table} and its {rows} rows are gone",
                    $"before: {rows} rows in {digests.Count} tenants; after: no table {table}",
                    input.Locate([table], ["DROP TABLE"], ["ALTER TABLE", "RENAME"]));
                continue;
            }

            // Other primary keys count only where the table has a primary key on both sides: one dropped or added is not a
            // row that moved.
            var keyed = HasPrimaryKey(input.Before, table) && HasPrimaryKey(input.After, table);
            var changed = new List<string>();
            long lost = 0, gained = 0;
            foreach (var change in input.Diff.Data.Where(c => c.Table == table))
            {
                var keysChanged = keyed && change.KeyHashChanged;
                if (change.RowsBefore == change.RowsAfter && !keysChanged)
                {
                    continue;
                }

                lost += Math.Max(0, change.RowsBefore - change.RowsAfter);
                gained += Math.Max(0, change.RowsAfter - change.RowsBefore);
                changed.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{Tenant(ledger, change.TenantId)}: {change.RowsBefore} -> {change.RowsAfter} rows{(keysChanged && change.RowsBefore == change.RowsAfter ? " (other primary keys)" : "")}"));
            }

            if (changed.Count > 0)
            {
                var what = lost > 0 && gained > 0 ? "rows moved between tenants or were replaced"
                    : lost > 0 ? $"{lost} rows vanished" : gained > 0 ? $"{gained} rows appeared (duplicated or assigned to a tenant)" : "rows changed their primary keys";
                yield return input.Finding(
                    SurvivalRules.TenantDataMoved, table,
                    $"in tenant table {table}, {what} for {changed.Count} tenant(s)",
                    string.Join("; ", changed.Take(TenantsListed)) + (changed.Count > TenantsListed ? $"; and {changed.Count - TenantsListed} more tenant(s)" : ""),
                    input.Locate([table], ["DELETE"], ["TRUNCATE"], ["INSERT"], ["UPDATE"], ["ALTER TABLE", "RENAME"]));
            }
        }

        foreach (var finding in Canaries(input, ledger, expectedChange))
        {
            yield return finding;
        }
    }

    /// <summary>Canaries found after the step under a tenant other than their owner, where they were not before.</summary>
    private static IEnumerable<Finding> Canaries(StepInput input, SeedLedger ledger, Func<string, bool> expectedChange)
    {
        var moved = input.Diff.Canaries
            .SelectMany(c => c.After.Where(placement => !c.Before.Contains(placement)))
            .Where(c => !expectedChange(c.Table))
            .Select(c => (Placement: c, Owner: ledger.OwnerOfCanary(c.Token)))
            .Where(c => c.Owner is not null && c.Owner.TenantId != c.Placement.TenantId)
            .GroupBy(c => c.Placement.Table);
        foreach (var table in moved.OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var tokens = table.GroupBy(c => c.Placement.Token, StringComparer.Ordinal).ToList();
            var victims = table.Select(c => c.Placement.TenantId).Distinct().Count();
            var examples = tokens.Take(TenantsListed).Select(token =>
                $"{token.Key} of {Tenant(ledger, token.First().Owner!.TenantId)} now in {token.Count()} row(s) of {string.Join(", ", token.Select(c => Tenant(ledger, c.Placement.TenantId)).Distinct().Take(TenantsListed))}");
            yield return input.Finding(
                SurvivalRules.TenantDataMoved, table.Key,
                $"in tenant table {table.Key}, {tokens.Count} canary value(s) of other tenants were copied into {table.Count()} row(s) of {victims} tenant(s)",
                string.Join("; ", examples) + (tokens.Count > TenantsListed ? $"; and {tokens.Count - TenantsListed} more canaries" : ""),
                input.Locate([table.Key], ["UPDATE"], ["INSERT"]));
        }
    }

    private static bool HasPrimaryKey(DatabaseSnapshot snapshot, string table) =>
        snapshot.Data.Any(d => d.Table == table && d.KeyHash is not null);

    private static string Tenant(SeedLedger ledger, string? tenantId) =>
        tenantId is null ? "rows without a tenant" : ledger.Tenants.FirstOrDefault(t => t.TenantId == tenantId) is { } seeded ? $"tenant {seeded.Index} ({tenantId})" : $"tenant {tenantId}";
}
