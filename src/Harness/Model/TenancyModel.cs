namespace Harness.Model;

/// <summary>
/// What the harness knows about a target's tenancy: the manifest's declarations resolved against the
/// database catalog. Every scenario and seeder works from this, never from the manifest directly.
/// </summary>
public sealed record TenancyModel
{
    private readonly TenantContextPlan? context;

    /// <summary>The tenant key column on every tenant table, e.g. <c>company_id</c>.</summary>
    public required string TenantKey { get; init; }

    /// <summary>The table whose rows are the tenants, e.g. <c>companies</c>.</summary>
    public required TableName Root { get; init; }

    /// <summary>The root table's key column that other tables' tenant key points at (default <c>id</c>).</summary>
    public string RootKey { get; init; } = "id";

    /// <summary>The table of users who belong to a tenant, when the target has one.</summary>
    public TableName? Membership { get; init; }

    /// <summary>
    /// The membership table's column holding the user id (<c>membership: { table, user }</c>, or the table's one-column
    /// primary key for <c>membership: users</c>); null when there is none.
    /// </summary>
    public string? MembershipUser { get; init; }

    /// <summary>
    /// The setting that carries the tenant's identity, which policies read, e.g. <c>app.company_id</c> or
    /// <c>request.jwt.claims</c> (the context plan's <see cref="TenantContextPlan.IdentitySetting"/>).
    /// </summary>
    public required string ContextSetting { get; init; }

    /// <summary>
    /// How a transaction is put in a tenant's context (<c>tenancy.context</c>); by default the one step
    /// <c>set_config(ContextSetting, '{tenantId}', true)</c>.
    /// </summary>
    public TenantContextPlan Context
    {
        get => context ?? TenantContextPlan.ForSetting(ContextSetting);
        init => context = value;
    }

    /// <summary>The role the application connects as; RLS must apply to it.</summary>
    public required string AppRole { get; init; }

    /// <summary>
    /// The role whose privileges the catalog is read and judged for: the role the tenant context switches to (Supabase's
    /// <c>authenticated</c>), else the app role.
    /// </summary>
    public string StatementRole => Context.Role ?? AppRole;

    /// <summary>
    /// The roles the app's statements really run as: the roles the context steps switch to (<c>SET LOCAL ROLE
    /// authenticated</c>, <c>anon</c>), or the app role when no step switches. Policies and grants are judged for these.
    /// </summary>
    public IReadOnlyList<string> EffectiveRoles => Context.Roles is { Count: > 0 } roles ? roles : [AppRole];

    /// <summary>Tables that are intentionally shared by all tenants.</summary>
    public IReadOnlySet<TableName> GlobalTables { get; init; } = new HashSet<TableName>();

    /// <summary>Tables that hold tenant data: the root and every table carrying the tenant key, minus global ones.</summary>
    public IReadOnlyList<TableName> TenantTables { get; init; } = [];

    /// <summary>The column that holds the tenant id on <paramref name="table"/>: the root key on the root, the tenant key elsewhere.</summary>
    public string TenantColumnOf(TableName table) => table == Root ? RootKey : TenantKey;
}
