namespace Harness.Snapshots;

/// <summary>
/// The part of a schema that decides isolation, as plain comparable facts: row-level security per table and partition,
/// policies, privileges, views' options, functions, columns, foreign keys and indexes. Names are unqualified within the
/// snapshot's schema and schema-qualified outside it; lists are sorted so equal catalogs compare equal.
/// </summary>
public sealed record SecurityCatalog
{
    public IReadOnlyList<TableSecurity> Tables { get; init; } = [];

    public IReadOnlyList<ColumnSnapshot> Columns { get; init; } = [];

    public IReadOnlyList<PolicySnapshot> Policies { get; init; } = [];

    /// <summary>Privileges granted on tables, views, sequences, columns, functions and the schema itself.</summary>
    public IReadOnlyList<PrivilegeSnapshot> Privileges { get; init; } = [];

    public IReadOnlyList<DefaultPrivilegeSnapshot> DefaultPrivileges { get; init; } = [];

    public IReadOnlyList<ViewSnapshot> Views { get; init; } = [];

    public IReadOnlyList<FunctionSnapshot> Functions { get; init; } = [];

    public IReadOnlyList<ForeignKeySnapshot> ForeignKeys { get; init; } = [];

    public IReadOnlyList<IndexSnapshot> Indexes { get; init; } = [];

    /// <summary>The roles named by owners, grants and policies, with the attributes that bypass isolation.</summary>
    public IReadOnlyList<RoleSnapshot> Roles { get; init; } = [];
}

/// <summary>A table (<c>r</c>) or partitioned table (<c>p</c>), with its row-level security switches.</summary>
/// <param name="PartitionOf">The parent when it is a partition, else null.</param>
public sealed record TableSecurity(string Name, string Kind, string? PartitionOf, bool RowSecurity, bool ForceRowSecurity, string Owner);

/// <param name="Default">The default expression as <c>pg_get_expr</c> prints it, or null.</param>
public sealed record ColumnSnapshot(string Table, string Name, string Type, bool Nullable, string? Default);

/// <param name="Command">ALL, SELECT, INSERT, UPDATE or DELETE.</param>
/// <param name="Roles">Sorted role names; <c>public</c> for every role.</param>
/// <param name="Using">The USING expression as <c>pg_get_expr</c> prints it (normalised by the server), or null.</param>
/// <param name="WithCheck">The WITH CHECK expression, or null.</param>
public sealed record PolicySnapshot(string Table, string Name, string Command, IReadOnlyList<string> Roles, bool Permissive, string? Using, string? WithCheck);

/// <param name="ObjectKind">table, view, materialized view, sequence, column, function or schema.</param>
/// <param name="Name">The object's name (a function by its signature); for a column, its table.</param>
/// <param name="Column">The column for a column privilege, else null.</param>
/// <param name="Grantee">The role, or <c>PUBLIC</c>.</param>
public sealed record PrivilegeSnapshot(string ObjectKind, string Name, string? Column, string Grantee, string Privilege);

/// <param name="ObjectType">tables, sequences, functions, types or schemas.</param>
/// <param name="InSchema">True when the default applies to this schema only, false for all schemas.</param>
public sealed record DefaultPrivilegeSnapshot(string Creator, string ObjectType, bool InSchema, string Grantee, string Privilege);

/// <param name="Reads">The tables the view reads (its rewrite rule's dependencies), sorted.</param>
public sealed record ViewSnapshot(string Name, bool Materialized, bool SecurityInvoker, bool SecurityBarrier, IReadOnlyList<string> Reads, string Owner);

/// <param name="Signature">The name with its argument types, e.g. <c>site_count(uuid)</c>.</param>
/// <param name="SearchPath">The function's own <c>search_path</c> setting (from <c>proconfig</c>), or null when it has none.</param>
public sealed record FunctionSnapshot(string Signature, bool SecurityDefiner, string? SearchPath, string Owner);

public sealed record ForeignKeySnapshot(string Table, string Name, IReadOnlyList<string> Columns, string ReferencedTable, IReadOnlyList<string> ReferencedColumns);

public sealed record IndexSnapshot(string Table, string Name, IReadOnlyList<string> Columns, bool Unique);

public sealed record RoleSnapshot(string Name, bool Superuser, bool BypassRls, bool CanLogin);
