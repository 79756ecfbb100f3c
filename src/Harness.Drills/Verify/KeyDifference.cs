namespace Harness.Drills.Verify;

/// <summary>How one row of a tenant differs between the expected state and the restored database.</summary>
public enum KeyDifferenceKind
{
    /// <summary>The expected state has the key for this tenant; the restored database does not (under this tenant).</summary>
    Missing,

    /// <summary>The restored database has the key for this tenant; the expected state does not.</summary>
    Extra,

    /// <summary>Both have the key for this tenant, with other column values.</summary>
    Changed,
}

/// <summary>One primary key of <paramref name="Table"/> that differs for <paramref name="TenantId"/>.</summary>
/// <param name="Key">The primary key as text (one column's value, or the row of its columns).</param>
/// <param name="OtherTenant">For a key missing here and extra under another tenant (or the reverse), that tenant: the row moved.</param>
public sealed record KeyDifference(string Table, string? TenantId, KeyDifferenceKind Kind, string Key)
{
    public string? OtherTenant { get; init; }

    /// <summary>True when the same key sits under another tenant on the other side.</summary>
    public bool Moved => OtherTenant is not null;
}

/// <summary>The row-by-row comparison of one (table, tenant) with a reference database.</summary>
/// <param name="Keyless">True when the table has no primary key, so no key can be named.</param>
/// <param name="Total">How many keys differ in all (the list holds the first ones).</param>
public sealed record KeyComparison(string Table, string? TenantId, IReadOnlyList<KeyDifference> Keys, int Total, bool Keyless);
