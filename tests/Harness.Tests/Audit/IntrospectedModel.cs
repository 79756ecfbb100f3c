using Harness.Catalog;
using Harness.Model;

namespace Harness.Tests.Audit;

/// <summary>A tenancy model as the resolver builds one: the root plus every table carrying the tenant key, minus the global ones.</summary>
public static class IntrospectedModel
{
    public static TenancyModel For(
        CatalogSnapshot catalog, string tenantKey, TableName root, string contextSetting, string appRole, params TableName[] global)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var globals = global.ToHashSet();
        return new TenancyModel
        {
            TenantKey = tenantKey,
            Root = root,
            RootKey = "id",
            ContextSetting = contextSetting,
            AppRole = appRole,
            GlobalTables = globals,
            TenantTables =
            [
                .. catalog.Tables
                    .Where(t => t.Name == root || (t.FindColumn(tenantKey) is not null && !globals.Contains(t.Name)))
                    .Select(t => t.Name),
            ],
        };
    }
}
