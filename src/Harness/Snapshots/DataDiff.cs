namespace Harness.Snapshots;

/// <summary>The data half of <see cref="SnapshotDiff"/>: tenants' digests per table, and canaries' placements.</summary>
internal static class DataDiff
{
    private static readonly StringComparer Ordinal = StringComparer.Ordinal;

    /// <summary>The (table, tenant) digests that differ or that only one side has, in table then tenant order (NULL tenant last).</summary>
    public static IReadOnlyList<DataChange> Between(IReadOnlyList<TenantTableDigest> before, IReadOnlyList<TenantTableDigest> after)
    {
        // A digest is unique per (table, tenant) in a snapshot the reader took; a hand-made one keeps its first.
        var old = before.GroupBy(d => (d.Table, d.TenantId)).ToDictionary(g => g.Key, g => g.First());
        var now = after.GroupBy(d => (d.Table, d.TenantId)).ToDictionary(g => g.Key, g => g.First());
        var changes = new List<DataChange>();
        foreach (var key in old.Keys.Union(now.Keys))
        {
            var earlier = old.GetValueOrDefault(key);
            var later = now.GetValueOrDefault(key);
            if (earlier == later)
            {
                continue;
            }

            changes.Add(new DataChange(
                key.Table,
                key.TenantId,
                earlier?.Rows ?? 0,
                later?.Rows ?? 0,
                earlier?.KeyHash != later?.KeyHash,
                earlier?.RowHash != later?.RowHash));
        }

        return [.. changes.OrderBy(c => c.Table, Ordinal).ThenBy(c => c.TenantId is null).ThenBy(c => c.TenantId, Ordinal)];
    }

    /// <summary>The canaries whose placements differ, by token.</summary>
    public static IReadOnlyList<CanaryChange> Between(IReadOnlyList<CanaryPlacement> before, IReadOnlyList<CanaryPlacement> after)
    {
        var old = before.ToLookup(p => p.Token, Ordinal);
        var now = after.ToLookup(p => p.Token, Ordinal);
        var changes = new List<CanaryChange>();
        foreach (var token in old.Select(g => g.Key).Union(now.Select(g => g.Key), Ordinal).Order(Ordinal))
        {
            var earlier = Sorted(old[token]);
            var later = Sorted(now[token]);
            if (earlier.SequenceEqual(later))
            {
                continue;
            }

            var kind = earlier.Count == 0 ? CanaryChangeKind.Appeared
                : later.Count == 0 ? CanaryChangeKind.Vanished
                : later.Count > earlier.Count ? CanaryChangeKind.Duplicated
                : CanaryChangeKind.Moved;
            changes.Add(new CanaryChange(token, kind, earlier, later));
        }

        return changes;
    }

    private static List<CanaryPlacement> Sorted(IEnumerable<CanaryPlacement> placements) =>
        [.. placements.OrderBy(p => p.Table, Ordinal).ThenBy(p => p.TenantId is null).ThenBy(p => p.TenantId, Ordinal)];
}
