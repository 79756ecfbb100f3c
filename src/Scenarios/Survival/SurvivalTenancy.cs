using Harness.Snapshots;

namespace Harness.Scenarios.Survival;

/// <summary>
/// Which tables of a snapshot hold tenants' data: those with the tenant key column (and the root, whose rows are the
/// tenants), not the shared ones the manifest lists as global. Judged on each snapshot, so a table that gains the key
/// becomes a tenant table.
/// </summary>
internal sealed record SurvivalTenancy(string TenantKey, string Root, string RootKey, IReadOnlySet<string> Global, IReadOnlyList<string> AppRoles)
{
    /// <summary>The tenant tables of a catalog (not partitions: see <see cref="PartitionsOfTenantTables"/>).</summary>
    public IReadOnlySet<string> TenantTables(SecurityCatalog catalog)
    {
        var keyed = catalog.Columns.Where(c => c.Name == TenantKey).Select(c => c.Table).ToHashSet(StringComparer.Ordinal);
        return catalog.Tables
            .Where(t => t.PartitionOf is null && !Global.Contains(t.Name) && (t.Name == Root || keyed.Contains(t.Name)))
            .Select(t => t.Name)
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Every partition (at any depth) of a tenant table, with the tenant table it belongs to.</summary>
    public IReadOnlyDictionary<string, string> PartitionsOfTenantTables(SecurityCatalog catalog)
    {
        var tenant = TenantTables(catalog);
        var parentOf = catalog.Tables.Where(t => t.PartitionOf is not null).ToDictionary(t => t.Name, t => t.PartitionOf!, StringComparer.Ordinal);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var partition in parentOf.Keys)
        {
            var top = partition;
            for (var depth = 0; depth < 32 && parentOf.TryGetValue(top, out var parent); depth++)
            {
                top = parent;
            }

            if (tenant.Contains(top))
            {
                result[partition] = top;
            }
        }

        return result;
    }

    /// <summary>The column a tenant table's rows carry their tenant in.</summary>
    public string KeyOf(string table) => table == Root ? RootKey : TenantKey;

    /// <summary>Whether a grantee is the app's role (or one of the roles its statements run as) or every role.</summary>
    public bool IsAppOrPublic(string grantee) =>
        string.Equals(grantee, "PUBLIC", StringComparison.OrdinalIgnoreCase) || AppRoles.Contains(grantee, StringComparer.Ordinal);
}
