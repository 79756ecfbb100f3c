using System.Globalization;
using Harness.Findings;
using Harness.Snapshots;

namespace Harness.Drills.Verify;

/// <summary>
/// Cross-tenant contamination a restore shows in its digests (RST003), besides canaries under another tenant's key: rows
/// whose tenant key is no tenant of the root table (and were not so in the expected state), and rows that moved between two
/// tenants (with a reference database, keys found under another tenant; without one, two tenants of a table whose changes
/// cancel out: the row counts and the sums of primary-key hashes of the pair are what they were, so the same keys changed hands).
/// </summary>
internal static class Contamination
{
    private static readonly StringComparer Ordinal = StringComparer.Ordinal;

    /// <summary>The (table, tenant key) digests of the restored side whose key is no tenant of the root, and were not so before.</summary>
    public static IEnumerable<Finding> Orphans(DatabaseSnapshot expected, DatabaseSnapshot restored, Func<string?, bool> judged)
    {
        if (restored.Root is not { } root)
        {
            return [];
        }

        var before = OrphanDigests(expected, root).Select(d => (d.Table, d.TenantId)).ToHashSet();
        return OrphanDigests(restored, root)
            .Where(d => !before.Contains((d.Table, d.TenantId)) && judged(d.TenantId))
            .Select(d => new Finding(
                DrillRules.CrossTenantContamination, RestoreVerifier.ScenarioId, $"{d.Table} tenant {d.TenantId ?? "NULL"}",
                string.Create(CultureInfo.InvariantCulture,
                    $"{d.Rows} rows of {d.Table} have tenant key {d.TenantId ?? "NULL"}, which is no tenant of {root.Table} in the restored database"),
                $"{root.Table}.{root.KeyColumn} has no {d.TenantId ?? "NULL"}; the expected state had no such rows in {d.Table}"));
    }

    private static IEnumerable<TenantTableDigest> OrphanDigests(DatabaseSnapshot snapshot, SnapshotRoot root)
    {
        var tenants = snapshot.Data.Where(d => d.Table == root.Table).Select(d => d.TenantId).OfType<string>().ToHashSet(Ordinal);
        return snapshot.Data.Where(d => d.Table != root.Table && (d.TenantId is null || !tenants.Contains(d.TenantId)));
    }

    /// <summary>Rows that moved between tenants: named by key when <paramref name="keys"/> has them, else inferred from the digests.</summary>
    public static IEnumerable<Finding> Moves(
        DatabaseSnapshot expected, DatabaseSnapshot restored, IReadOnlyList<DataChange> changes, IReadOnlyList<KeyComparison>? keys)
    {
        if (keys is not null)
        {
            var byKey = keys.SelectMany(k => k.Keys).Where(k => k.Kind == KeyDifferenceKind.Missing && k.Moved)
                .GroupBy(k => (k.Table, From: k.TenantId, To: k.OtherTenant));
            var found = byKey.Select(g => Moved(g.Key.Table, g.Key.From, g.Key.To!, g.Count(), $"keys {string.Join(", ", g.Select(k => k.Key))}")).ToList();
            if (found.Count > 0 || keys.All(k => !k.Keyless))
            {
                return found;
            }
        }

        return InferredMoves(expected, restored, changes);
    }

    private static List<Finding> InferredMoves(DatabaseSnapshot expected, DatabaseSnapshot restored, IReadOnlyList<DataChange> changes)
    {
        var before = expected.Data.ToDictionary(d => (d.Table, d.TenantId));
        var after = restored.Data.ToDictionary(d => (d.Table, d.TenantId));
        var result = new List<Finding>();
        foreach (var table in changes.Where(c => c.KeyHashChanged).GroupBy(c => c.Table))
        {
            var tenants = table.Where(c => c.TenantId is not null).Take(200).ToList();
            for (var i = 0; i < tenants.Count; i++)
            {
                for (var j = i + 1; j < tenants.Count; j++)
                {
                    var (a, b) = (tenants[i], tenants[j]);
                    var keyA = (table.Key, a.TenantId);
                    var keyB = (table.Key, b.TenantId);
                    if (Sum(before, keyA, keyB) is not { } then || Sum(after, keyA, keyB) is not { } now || then != now)
                    {
                        continue;
                    }

                    var (from, to) = a.RowsAfter < a.RowsBefore ? (a, b) : (b, a);
                    result.Add(Moved(table.Key, from.TenantId, to.TenantId!, from.RowsBefore - from.RowsAfter,
                        "the pair's row count and primary-key hash sum are unchanged, so the same keys changed tenant; name them with --against <a database holding the expected state>"));
                }
            }
        }

        return result;
    }

    /// <summary>The pair's combined row count and key-hash sum, or null when a table without a primary key gives no key hash.</summary>
    private static (long Rows, decimal KeyHash)? Sum(
        Dictionary<(string, string?), TenantTableDigest> digests, (string, string?) a, (string, string?) b)
    {
        var first = digests.GetValueOrDefault(a);
        var second = digests.GetValueOrDefault(b);
        if ((first is not null && first.KeyHash is null) || (second is not null && second.KeyHash is null))
        {
            return null;
        }

        return ((first?.Rows ?? 0) + (second?.Rows ?? 0), (first?.KeyHash ?? 0) + (second?.KeyHash ?? 0));
    }

    private static Finding Moved(string table, string? from, string to, long rows, string evidence) => new(
        DrillRules.CrossTenantContamination, RestoreVerifier.ScenarioId, $"{table} tenant {to}",
        string.Create(CultureInfo.InvariantCulture, $"{rows} rows of {table} moved from tenant {from ?? "NULL"} to tenant {to} in the restored database"),
        evidence)
    {
        Tenants = from is null ? null : new FindingTenants(to, from),
    };
}
