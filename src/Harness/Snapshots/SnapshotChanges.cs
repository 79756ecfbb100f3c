namespace Harness.Snapshots;

/// <summary>Whether an object is new in the later snapshot, gone from it, or there in both with other facts.</summary>
public enum ChangeKind
{
    Added,
    Removed,
    Changed,
}

/// <summary>The kind of catalog object a <see cref="CatalogChange"/> is about (the lists of <see cref="SecurityCatalog"/>).</summary>
public enum CatalogCategory
{
    Table,
    Column,
    Policy,
    Privilege,
    DefaultPrivilege,
    View,
    Function,
    ForeignKey,
    Index,
    Role,
}

/// <summary>One catalog object added, removed or changed between two snapshots.</summary>
/// <param name="Name">The object: a table or view name, <c>table.column</c>, <c>table.policy</c>, <c>table.constraint</c>,
/// <c>table.index</c>, a function signature, a role, or for a privilege what it is on, to whom (e.g. <c>table sites: SELECT to PUBLIC</c>).</param>
/// <param name="Before">Its facts in the earlier snapshot as text, null when added.</param>
/// <param name="After">Its facts in the later snapshot as text, null when removed.</param>
public sealed record CatalogChange(CatalogCategory Category, string Name, ChangeKind Kind, string? Before, string? After);

/// <summary>One tenant's rows of one table that differ between two snapshots (a tenant missing on one side has 0 rows there).</summary>
/// <param name="KeyHashChanged">The set of primary keys differs (rows added, removed or moved between tenants).</param>
/// <param name="RowHashChanged">Some column of some row differs, or rows were added or removed.</param>
public sealed record DataChange(string Table, string? TenantId, long RowsBefore, long RowsAfter, bool KeyHashChanged, bool RowHashChanged);

/// <summary>What happened to a canary token between two snapshots.</summary>
public enum CanaryChangeKind
{
    /// <summary>Found in other tables or tenants than before, or in fewer rows (and not in none).</summary>
    Moved,

    /// <summary>Found before, nowhere now.</summary>
    Vanished,

    /// <summary>Found now, nowhere before.</summary>
    Appeared,

    /// <summary>Found in more rows than before.</summary>
    Duplicated,
}

/// <summary>A canary whose placements differ between two snapshots, with both sides' placements.</summary>
public sealed record CanaryChange(string Token, CanaryChangeKind Kind, IReadOnlyList<CanaryPlacement> Before, IReadOnlyList<CanaryPlacement> After);
