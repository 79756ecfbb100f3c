using Harness.Catalog;
using Harness.Manifest;

namespace Harness.Model;

/// <summary>
/// Resolves a manifest against a schema's catalog: the root, membership and global tables must exist,
/// and the tenant tables are found by introspection (every table carrying the tenant key).
/// </summary>
public static class TenancyModelResolver
{
    public static TenancyModel Resolve(HarnessManifest manifest, CatalogSnapshot catalog)
    {
        var tenancy = manifest.Tenancy;
        var root = Require(catalog, tenancy.Root, manifest, "tenancy.root");
        if (root.FindColumn(tenancy.RootKey) is null)
        {
            throw new TenancyModelException(
                $"{manifest.SourcePath}: tenancy.rootKey '{tenancy.RootKey}' is not a column of '{root.Name}'; its columns are: {string.Join(", ", root.Columns.Select(c => c.Name))}")
            {
                Table = root.Name.Value,
                Column = tenancy.RootKey,
            };
        }

        var membership = tenancy.Membership is null ? (TableName?)null : Require(catalog, tenancy.Membership, manifest, "tenancy.membership").Name;
        var global = tenancy.Global.Select(g => Require(catalog, g, manifest, "tenancy.global").Name).ToHashSet();
        var tenantTables = catalog.Tables
            .Where(t => t.Name == root.Name || (t.FindColumn(tenancy.Key) is not null && !global.Contains(t.Name)))
            .Select(t => t.Name)
            .ToList();
        if (tenantTables.Count == 1)
        {
            throw new TenancyModelException(
                $"{manifest.SourcePath}: no table in schema '{catalog.Schema}' has the tenant key column '{tenancy.Key}'; check tenancy.key")
            {
                Column = tenancy.Key,
            };
        }

        return new TenancyModel
        {
            TenantKey = tenancy.Key,
            Root = root.Name,
            RootKey = tenancy.RootKey,
            Membership = membership,
            ContextSetting = tenancy.ContextSetting,
            AppRole = manifest.Database.AppRole,
            GlobalTables = global,
            TenantTables = tenantTables,
        };
    }

    private static TableInfo Require(CatalogSnapshot catalog, string table, HarnessManifest manifest, string key) =>
        catalog.FindTable(new TableName(table)) ?? throw new TenancyModelException(
            $"{manifest.SourcePath}: {key} names table '{table}', which schema '{catalog.Schema}' does not have; its tables are: {string.Join(", ", catalog.Tables.Select(t => t.Name))}")
        {
            Table = table,
        };
}
