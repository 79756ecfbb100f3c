using Harness.Model;

namespace Harness.Catalog;

/// <summary>A read-only picture of one schema's catalog: what the audit, the seeder and the model resolver need.</summary>
public sealed record CatalogSnapshot(
    string Schema,
    IReadOnlyList<TableInfo> Tables,
    IReadOnlyList<FunctionInfo> Functions,
    IReadOnlyList<ViewInfo> Views,
    RoleInfo? AppRole)
{
    public TableInfo? FindTable(TableName name) => Tables.FirstOrDefault(t => t.Name == name);

    /// <summary>Default privileges (pg_default_acl) that tables created in the schema will get; empty when none is set.</summary>
    public IReadOnlyList<DefaultPrivilegeInfo> DefaultPrivileges { get; init; } = [];

    /// <summary>
    /// Tables of other schemas that the schema's foreign keys point at (e.g. <c>auth.users</c>), each with its
    /// <see cref="TableInfo.Schema"/> set: columns, primary key, foreign keys, unique indexes and checks.
    /// </summary>
    public IReadOnlyList<TableInfo> ReferencedTables { get; init; } = [];

    /// <summary>The table a foreign key points at, in this schema or (through <see cref="ReferencedTables"/>) another one.</summary>
    public TableInfo? FindReferencedTable(ForeignKeyInfo foreignKey) =>
        foreignKey.ReferencedSchema is null || foreignKey.ReferencedSchema == Schema
            ? FindTable(foreignKey.ReferencedTable)
            : ReferencedTables.FirstOrDefault(t => t.Schema == foreignKey.ReferencedSchema && t.Name == foreignKey.ReferencedTable);

    /// <summary>
    /// Functions of the database's other schemas (not system schemas, not extension members), which policies call too:
    /// Supabase's <c>auth.uid()</c>, SECURITY DEFINER helpers in a private schema. Empty when they were not read.
    /// </summary>
    public IReadOnlyList<FunctionInfo> OtherSchemaFunctions { get; init; } = [];

    /// <summary>The schema's functions, then those of the other schemas: every function a policy may call.</summary>
    public IReadOnlyList<FunctionInfo> CallableFunctions => [.. Functions, .. OtherSchemaFunctions];

    /// <summary>
    /// Whether the app role has USAGE on the schema (directly, through PUBLIC or a role it inherits); null when the
    /// catalog was read without an app role or the role does not exist.
    /// </summary>
    public bool? AppRoleHasSchemaUsage { get; init; }
}

public sealed record TableInfo(
    TableName Name,
    string Owner,
    bool RlsEnabled,
    bool RlsForced,
    IReadOnlyList<ColumnInfo> Columns,
    IReadOnlyList<string> PrimaryKey,
    IReadOnlyList<ForeignKeyInfo> ForeignKeys,
    IReadOnlyList<IndexInfo> Indexes,
    IReadOnlyList<PolicyInfo> Policies)
{
    public ColumnInfo? FindColumn(string name) => Columns.FirstOrDefault(c => c.Name == name);

    /// <summary>The owner's role attributes (LOGIN, superuser, BYPASSRLS), or null when they were not read.</summary>
    public RoleInfo? OwnerRole { get; init; }

    /// <summary>Every privilege held on the table, one per grantee and privilege, the owner's included.</summary>
    public IReadOnlyList<GrantInfo> Grants { get; init; } = [];

    /// <summary>The partitioned table this table is a partition of, or null when it is not a partition.</summary>
    public TableName? PartitionOf { get; init; }

    /// <summary>Whether the table is partitioned (its rows live in its partitions).</summary>
    public bool IsPartitioned { get; init; }

    /// <summary>The table's CHECK constraints (a domain's checks are not included).</summary>
    public IReadOnlyList<CheckInfo> Checks { get; init; } = [];

    /// <summary>The CHECKs of its columns' domains, one per column and constraint; the definition reads <c>VALUE</c> for the column.</summary>
    public IReadOnlyList<CheckInfo> DomainChecks { get; init; } = [];

    /// <summary>Its user triggers (not the internal ones behind foreign keys).</summary>
    public IReadOnlyList<TriggerInfo> Triggers { get; init; } = [];

    /// <summary>The schema it lives in when it is not the snapshot's own schema (see <see cref="CatalogSnapshot.ReferencedTables"/>), else null.</summary>
    public string? Schema { get; init; }

    /// <summary>The name for SQL: schema-qualified when <see cref="Schema"/> is set, else quoted for the search path.</summary>
    public string QualifiedSql => Schema is null ? Name.Quoted : Harness.Sql.SqlIdentifier.Quote(Schema, Name.Value);

    /// <summary>The name to show: <c>schema.table</c> when <see cref="Schema"/> is set, else the table's name.</summary>
    public string DisplayName => Schema is null ? Name.Value : $"{Schema}.{Name.Value}";
}

/// <summary>One user trigger of a table and the function it runs.</summary>
/// <param name="FunctionSource">The function's body (<c>prosrc</c>), to see which settings it reads.</param>
public sealed record TriggerInfo(string Name, string Function, string FunctionSource);

/// <summary>One CHECK constraint of a table.</summary>
/// <param name="Columns">The columns the expression reads.</param>
/// <param name="Definition">The constraint as <c>pg_get_constraintdef</c> prints it, e.g. <c>CHECK ((kind = ANY (ARRAY['a'::text, 'b'::text])))</c>.</param>
public sealed record CheckInfo(string Name, IReadOnlyList<string> Columns, string Definition);

/// <param name="DataType">The type as <c>format_type</c> prints it, e.g. <c>uuid</c>, <c>character varying(80)</c>.</param>
/// <param name="TypeName">The base type's name, e.g. <c>uuid</c>, <c>varchar</c>, <c>int4</c>, or an enum's name.</param>
/// <param name="EnumLabels">The labels when the type is an enum, else empty.</param>
/// <param name="MaxLength">The declared length of a character type, when it has one.</param>
public sealed record ColumnInfo(
    string Name,
    int Ordinal,
    string DataType,
    string TypeName,
    bool NotNull,
    bool HasDefault,
    bool IsIdentity,
    bool IsGenerated,
    IReadOnlyList<string> EnumLabels,
    int? MaxLength);

public sealed record ForeignKeyInfo(
    string Name,
    IReadOnlyList<string> Columns,
    TableName ReferencedTable,
    IReadOnlyList<string> ReferencedColumns)
{
    /// <summary>The schema of the referenced table as the catalog read it; null when unknown (taken as the table's own schema).</summary>
    public string? ReferencedSchema { get; init; }
}

/// <param name="Columns">Key columns in order; an expression column appears as <c>(expression)</c>.</param>
public sealed record IndexInfo(string Name, IReadOnlyList<string> Columns, bool IsUnique, bool IsPrimary)
{
    /// <summary>Whether the index backs a constraint (PRIMARY KEY, UNIQUE, EXCLUDE) rather than being created on its own.</summary>
    public bool IsConstraint { get; init; }
}

/// <param name="Command">ALL, SELECT, INSERT, UPDATE or DELETE.</param>
/// <param name="Roles">Role names the policy applies to; <c>public</c> for all.</param>
/// <param name="Using">The USING expression as <c>pg_get_expr</c> prints it, or null.</param>
/// <param name="WithCheck">The WITH CHECK expression, or null.</param>
public sealed record PolicyInfo(
    string Name,
    string Command,
    bool Permissive,
    IReadOnlyList<string> Roles,
    string? Using,
    string? WithCheck);

/// <param name="Signature">Name and argument types, e.g. <c>search_sites(text)</c>.</param>
/// <param name="ReferencedTables">Tables of the schema whose names appear in the function's body.</param>
/// <param name="AppRoleCanExecute">Whether the application role may call it.</param>
public sealed record FunctionInfo(
    string Name,
    string Signature,
    string Owner,
    string Language,
    bool SecurityDefiner,
    string Source,
    IReadOnlyList<TableName> ReferencedTables,
    bool AppRoleCanExecute)
{
    /// <summary>The schema the function lives in; empty when it was not read.</summary>
    public string Schema { get; init; } = "";

    /// <summary>The declared parameter names in order (empty strings for unnamed ones); empty when none is named.</summary>
    public IReadOnlyList<string> ParameterNames { get; init; } = [];
}

/// <param name="SecurityInvoker">Whether the view runs with the caller's rights (<c>security_invoker=true</c>).</param>
/// <param name="DependsOn">Tables of the schema the view reads.</param>
public sealed record ViewInfo(
    TableName Name,
    string Owner,
    bool SecurityInvoker,
    IReadOnlyList<TableName> DependsOn,
    bool AppRoleCanSelect)
{
    /// <summary>Whether it is a materialized view: a stored copy of its rows, which row-level security never filters.</summary>
    public bool Materialized { get; init; }

    /// <summary>Every privilege held on the view, one per grantee and privilege, the owner's included.</summary>
    public IReadOnlyList<GrantInfo> Grants { get; init; } = [];
}

public sealed record RoleInfo(string Name, bool Superuser, bool BypassRls, bool CanLogin)
{
    /// <summary>The roles it is a member of, directly or through other roles: it may use their privileges (SET ROLE).</summary>
    public IReadOnlyList<string> MemberOf { get; init; } = [];
}

/// <summary>One privilege on a relation, as <c>aclexplode</c> lists it.</summary>
/// <param name="Grantee">The role that holds it, or <see cref="Public"/> for every role.</param>
/// <param name="Privilege">SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER (MAINTAIN from PostgreSQL 17).</param>
/// <param name="Grantor">The role that granted it.</param>
public sealed record GrantInfo(string Grantee, string Privilege, string Grantor)
{
    /// <summary>The grantee name for grants to every role (ACL grantee 0).</summary>
    public const string Public = "PUBLIC";
}

/// <summary>One privilege that new tables get by default (<c>ALTER DEFAULT PRIVILEGES ... GRANT ... ON TABLES</c>).</summary>
/// <param name="Creator">The role whose new tables get it (pg_default_acl.defaclrole).</param>
/// <param name="AllSchemas">It applies to the creator's tables in every schema, not only in this one.</param>
/// <param name="Grantee">The role that will hold it, or <see cref="GrantInfo.Public"/>.</param>
public sealed record DefaultPrivilegeInfo(string Creator, bool AllSchemas, string Grantee, string Privilege);
