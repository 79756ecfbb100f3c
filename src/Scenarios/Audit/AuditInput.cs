using Harness.Catalog;
using Harness.Model;

namespace Harness.Scenarios.Audit;

/// <summary>What every audit rule reads: the tenancy model and the schema's catalog, with the lookups the rules share.</summary>
public sealed class AuditInput
{
    private readonly HashSet<TableName> tenantNames;
    private readonly FunctionReach functionReach;

    public AuditInput(TenancyModel model, CatalogSnapshot catalog)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(catalog);
        Model = model;
        Catalog = catalog;
        tenantNames = [.. model.TenantTables.Where(t => !model.GlobalTables.Contains(t))];
        TenantTables = [.. catalog.Tables.Where(t => tenantNames.Contains(t.Name))];
        functionReach = new FunctionReach(catalog);
    }

    public TenancyModel Model { get; }

    public CatalogSnapshot Catalog { get; }

    public string Schema => Catalog.Schema;

    public string AppRole => Model.StatementRole;

    /// <summary>The model's tenant tables (root included, globals excluded) that the catalog has, in catalog order.</summary>
    public IReadOnlyList<TableInfo> TenantTables { get; }

    /// <summary>Tenant tables other than the root (whose tenant column is its primary key).</summary>
    public IEnumerable<TableInfo> TenantTablesExceptRoot => TenantTables.Where(t => t.Name != Model.Root);

    public bool IsTenantTable(TableName table) => tenantNames.Contains(table);

    public bool IsGlobal(TableName table) => Model.GlobalTables.Contains(table);

    /// <summary>Whether the table is a partition of a tenant table: queried directly, it applies only its own row-level security.</summary>
    public bool IsPartitionOfTenantTable(TableInfo table) =>
        table is { PartitionOf: { } parent } && IsTenantTable(parent);

    public string TenantColumnOf(TableName table) => Model.TenantColumnOf(table);

    /// <summary>Whether a policy applies to the app role for certain: it names <c>public</c> or the app role itself.</summary>
    public bool AppliesToAppRole(PolicyInfo policy) =>
        policy.Roles.Any(r => r == "public" || string.Equals(r, AppRole, StringComparison.Ordinal) || Model.EffectiveRoles.Contains(r, StringComparer.Ordinal));

    /// <summary>What a policy expression on <paramref name="table"/> references of the tenant, looking into the functions it calls in every schema.</summary>
    public TenantReference Analyze(string? expression, TableName table) =>
        PolicyExpression.Analyze(expression, TenantColumnOf(table), Model.ContextSetting, Catalog.CallableFunctions);

    /// <summary>
    /// Whether a restrictive policy that applies to the app role pins the tenant for <paramref name="command"/>:
    /// restrictive policies are ANDed with the permissive ones, so such a policy confines the command whatever the permissive ones say.
    /// </summary>
    /// <param name="forNewRows">Check the expression PostgreSQL applies to new rows (WITH CHECK, else USING) instead of USING.</param>
    public bool RestrictivePolicyConfines(TableInfo table, string command, bool forNewRows) =>
        table.Policies.Any(p =>
            !p.Permissive
            && (p.Command == command || p.Command == "ALL")
            && AppliesToAppRole(p)
            && Analyze(forNewRows ? p.WithCheck ?? (p.Command == "INSERT" ? null : p.Using) : p.Using, table.Name).Constrains);

    /// <summary>
    /// Tenant tables a function reads: the tables named in its body, the tables behind views it names, and
    /// what the schema's functions it calls read (they run with its rights when it is SECURITY DEFINER).
    /// </summary>
    public IReadOnlyList<TableName> TenantTablesReadBy(FunctionInfo function) =>
        [.. functionReach.TablesReadBy(function).Where(IsTenantTable).OrderBy(t => t.Value, StringComparer.Ordinal)];
}
