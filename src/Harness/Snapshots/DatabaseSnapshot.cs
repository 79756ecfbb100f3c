namespace Harness.Snapshots;

/// <summary>
/// A read-only picture of one schema that another can be compared with (before and after a migration, a backup and its
/// restore, a tenant's source and destination): its security catalog and, per tenant and table, a digest of the rows.
/// Written as JSON by <c>harness snapshot</c>; read with <c>SnapshotReader</c>, compared with <c>SnapshotDiff</c>.
/// </summary>
public sealed record DatabaseSnapshot
{
    /// <summary>The format's version, raised when a field changes meaning.</summary>
    public int Format { get; init; } = 1;

    /// <summary>The schema it pictures (the tenant tables' schema).</summary>
    public required string Schema { get; init; }

    /// <summary>The tenant key column the data digests are grouped by, or null when no tenancy was known (catalog only).</summary>
    public string? TenantKey { get; init; }

    /// <summary>The tenants' own table it digested by its key, or null; a verification reads the other side with the same scope.</summary>
    public SnapshotRoot? Root { get; init; }

    /// <summary>When it was taken (the server's clock) and the WAL position then, for restore drills.</summary>
    public DateTimeOffset TakenAt { get; init; }

    /// <summary>The server's WAL insert position when it was taken (<c>pg_current_wal_insert_lsn()</c>), or null on a standby.</summary>
    public string? Lsn { get; init; }

    public required SecurityCatalog Security { get; init; }

    /// <summary>Per tenant table and tenant: row count and order-independent hashes; empty when no tenancy was known.</summary>
    public IReadOnlyList<TenantTableDigest> Data { get; init; } = [];

    /// <summary>Where each seeded canary was found (table and the tenant key of its row); empty without a ledger.</summary>
    public IReadOnlyList<CanaryPlacement> Canaries { get; init; } = [];
}

/// <summary>One tenant's rows of one table, summarised (see <c>TenantChecksum</c>).</summary>
/// <param name="TenantId">The tenant key as text; null for the rows whose key is NULL.</param>
/// <param name="KeyHash">The hash of the set of primary keys; null when the table has no primary key.</param>
/// <param name="RowHash">The order-independent hash of the rows, every column included (<c>sum(hashtextextended(row::text, 0))</c>).</param>
public sealed record TenantTableDigest(string Table, string? TenantId, long Rows, decimal? KeyHash, decimal RowHash);

/// <summary>A canary token found in a row of <paramref name="Table"/> whose tenant key is <paramref name="TenantId"/>.</summary>
public sealed record CanaryPlacement(string Token, string Table, string? TenantId);
