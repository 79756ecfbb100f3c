namespace Harness.Drills.Move;

/// <summary>
/// One tenant's rows of one table, summarised with the harness's one hashing formula (see <c>TenantChecksums.Query</c>), and
/// what else the table holds.
/// </summary>
/// <param name="Table">The tenant table.</param>
/// <param name="Present">Whether the schema has the table at all.</param>
/// <param name="Rows">The tenant's rows.</param>
/// <param name="KeyHash">The hash of their primary keys; null without a primary key or without rows.</param>
/// <param name="RowHash">The order-independent hash of their rows (0 without rows).</param>
/// <param name="Keys">A few of the tenant's rows by primary key.</param>
/// <param name="OtherRows">Rows tied to another tenant or to none (a parent chain that leads nowhere); 0 when not read.</param>
/// <param name="OtherKeys">A few of those rows by primary key, each with the tenant it leads to.</param>
public sealed record TenantRows(
    string Table, bool Present, long Rows, decimal? KeyHash, decimal RowHash, IReadOnlyList<string> Keys, long OtherRows, IReadOnlyList<string> OtherKeys)
{
    /// <summary>Why the table could not be read on that side (a parent of its chain is missing), or null.</summary>
    public string? Unreadable { get; init; }

    /// <summary>The same rows as <paramref name="other"/>: the same count and hashes (a key hash only when both have one).</summary>
    public bool SameRowsAs(TenantRows other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Rows == other.Rows && (Rows == 0 || (RowHash == other.RowHash && (KeyHash is null || other.KeyHash is null || KeyHash == other.KeyHash)));
    }

    /// <summary>A table the schema does not have.</summary>
    public static TenantRows Missing(string table) => new(table, false, 0, null, 0, [], 0, []);
}
