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

        var membershipTable = tenancy.Membership is null ? null : Require(catalog, tenancy.Membership, manifest, "tenancy.membership");
        var membership = membershipTable?.Name;
        var membershipUser = MembershipUser(manifest, membershipTable);
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
            MembershipUser = membershipUser,
            ContextSetting = tenancy.ContextSetting,
            Context = tenancy.Context,
            AppRole = manifest.Database.AppRole,
            GlobalTables = global,
            TenantTables = tenantTables,
        };
    }

    /// <summary>
    /// The membership table's user-id column: the one named by <c>membership.user</c>, else the table's one-column primary
    /// key. A context that acts as a user (<c>{userId}</c>) needs one.
    /// </summary>
    private static string? MembershipUser(HarnessManifest manifest, TableInfo? membership)
    {
        var named = manifest.Tenancy.MembershipUser;
        if (membership is not null && named is not null && membership.FindColumn(named) is null)
        {
            throw new TenancyModelException(
                $"{manifest.SourcePath}: tenancy.membership.user '{named}' is not a column of '{membership.Name}'; its columns are: {string.Join(", ", membership.Columns.Select(c => c.Name))}")
            {
                Table = membership.Name.Value,
                Column = named,
            };
        }

        var user = named ?? (membership?.PrimaryKey is [var key] ? key : null);
        if (user is null && manifest.Tenancy.Context.UsesUserId)
        {
            throw new TenancyModelException(
                $"{manifest.SourcePath}: tenancy.context acts as a user ({{userId}}), but "
                + (membership is null ? "tenancy.membership names no table of users; " : $"'{membership.Name}' has no one-column primary key; ")
                + "name the membership table and its user-id column, e.g. membership: { table: team_members, user: user_id }")
            {
                Table = membership?.Name.Value,
            };
        }

        return user;
    }

    private static TableInfo Require(CatalogSnapshot catalog, string table, HarnessManifest manifest, string key) =>
        catalog.FindTable(new TableName(table)) ?? throw new TenancyModelException(
            $"{manifest.SourcePath}: {key} names table '{table}', which schema '{catalog.Schema}' does not have; its tables are: {string.Join(", ", catalog.Tables.Select(t => t.Name))}")
        {
            Table = table,
        };
}
