namespace Harness.Snapshots;

/// <summary>What <see cref="SnapshotReader"/> reads besides the security catalog.</summary>
public sealed record SnapshotScope
{
    /// <summary>The catalog only: no data digests, no canaries.</summary>
    public static SnapshotScope CatalogOnly { get; } = new();

    /// <summary>
    /// The tenant key column: every table that has it (plain tables and partitioned parents, not their partitions, so no row
    /// is counted twice) is digested per tenant. Null reads the catalog only.
    /// </summary>
    public string? TenantKey { get; init; }

    /// <summary>The table whose rows are the tenants, digested grouped by its own key; null when there is none.</summary>
    public SnapshotRoot? Root { get; init; }

    /// <summary>The canary tokens to locate (see <c>CanaryToken</c>); empty locates none.</summary>
    public IReadOnlyCollection<string> Canaries { get; init; } = [];
}

/// <summary>The tenants' own table (<paramref name="Table"/>, unqualified in the snapshot's schema) and its key column.</summary>
public sealed record SnapshotRoot(string Table, string KeyColumn);
