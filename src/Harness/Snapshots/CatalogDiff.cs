namespace Harness.Snapshots;

/// <summary>
/// The catalog half of <see cref="SnapshotDiff"/>: each list of <see cref="SecurityCatalog"/> matched by object identity
/// (name, table and name, signature; a privilege by everything it says), each object's facts rendered as text to compare
/// and to show.
/// </summary>
internal static class CatalogDiff
{
    private static readonly StringComparer Ordinal = StringComparer.Ordinal;

    public static IReadOnlyList<CatalogChange> Between(SecurityCatalog before, SecurityCatalog after)
    {
        var changes = new List<CatalogChange>();
        Compare(changes, CatalogCategory.Table, before.Tables, after.Tables, t => t.Name, Describe);
        Compare(changes, CatalogCategory.Column, before.Columns, after.Columns, c => $"{c.Table}.{c.Name}", Describe);
        Compare(changes, CatalogCategory.Policy, before.Policies, after.Policies, p => $"{p.Table}.{p.Name}", Describe);
        Compare(changes, CatalogCategory.Privilege, before.Privileges, after.Privileges, Identity, p => $"{p.Privilege} to {p.Grantee}");
        Compare(changes, CatalogCategory.DefaultPrivilege, before.DefaultPrivileges, after.DefaultPrivileges, Identity, p => $"{p.Privilege} to {p.Grantee}");
        Compare(changes, CatalogCategory.View, before.Views, after.Views, v => v.Name, Describe);
        Compare(changes, CatalogCategory.Function, before.Functions, after.Functions, f => f.Signature, Describe);
        Compare(changes, CatalogCategory.ForeignKey, before.ForeignKeys, after.ForeignKeys, f => $"{f.Table}.{f.Name}", Describe);
        Compare(changes, CatalogCategory.Index, before.Indexes, after.Indexes, i => $"{i.Table}.{i.Name}", Describe);
        Compare(changes, CatalogCategory.Role, before.Roles, after.Roles, r => r.Name, Describe);
        return changes;
    }

    private static void Compare<T>(
        List<CatalogChange> changes, CatalogCategory category, IReadOnlyList<T> before, IReadOnlyList<T> after,
        Func<T, string> identity, Func<T, string> describe)
    {
        var old = ByIdentity(before, identity, describe);
        var now = ByIdentity(after, identity, describe);
        foreach (var key in old.Keys.Union(now.Keys, Ordinal).Order(Ordinal))
        {
            var earlier = old.GetValueOrDefault(key);
            var later = now.GetValueOrDefault(key);
            if (earlier == later)
            {
                continue;
            }

            var kind = earlier is null ? ChangeKind.Added : later is null ? ChangeKind.Removed : ChangeKind.Changed;
            changes.Add(new CatalogChange(category, key, kind, earlier, later));
        }
    }

    private static Dictionary<string, string> ByIdentity<T>(IReadOnlyList<T> items, Func<T, string> identity, Func<T, string> describe) =>
        items.GroupBy(identity, Ordinal).ToDictionary(g => g.Key, g => describe(g.First()), Ordinal);

    private static string OnOff(bool value) => value ? "on" : "off";

    private static string List(IEnumerable<string> items) => string.Join(", ", items);

    private static string Describe(TableSecurity t) =>
        $"{(t.Kind == "p" ? "partitioned table" : "table")}{(t.PartitionOf is null ? "" : $", partition of {t.PartitionOf}")}, "
        + $"row level security {OnOff(t.RowSecurity)}, force {OnOff(t.ForceRowSecurity)}, owner {t.Owner}";

    private static string Describe(ColumnSnapshot c) =>
        $"{c.Type} {(c.Nullable ? "null" : "not null")}{(c.Default is null ? "" : $" default {c.Default}")}";

    private static string Describe(PolicySnapshot p) =>
        $"{(p.Permissive ? "permissive" : "restrictive")} for {p.Command} to {List(p.Roles)}"
        + (p.Using is null ? "" : $" using ({p.Using})")
        + (p.WithCheck is null ? "" : $" with check ({p.WithCheck})");

    private static string Identity(PrivilegeSnapshot p) =>
        $"{p.ObjectKind} {p.Name}{(p.Column is null ? "" : $".{p.Column}")}: {p.Privilege} to {p.Grantee}";

    private static string Identity(DefaultPrivilegeSnapshot p) =>
        $"{p.ObjectType} created by {p.Creator} {(p.InSchema ? "in the schema" : "in every schema")}: {p.Privilege} to {p.Grantee}";

    private static string Describe(ViewSnapshot v) =>
        $"{(v.Materialized ? "materialized view" : "view")}, security_invoker {OnOff(v.SecurityInvoker)}, "
        + $"security_barrier {OnOff(v.SecurityBarrier)}, reads {(v.Reads.Count == 0 ? "no table" : List(v.Reads))}, owner {v.Owner}";

    private static string Describe(FunctionSnapshot f) =>
        $"{(f.SecurityDefiner ? "security definer" : "security invoker")}, search_path {f.SearchPath ?? "not set"}, owner {f.Owner}";

    private static string Describe(ForeignKeySnapshot f) =>
        $"({List(f.Columns)}) references {f.ReferencedTable} ({List(f.ReferencedColumns)})";

    private static string Describe(IndexSnapshot i) => $"{(i.Unique ? "unique " : "")}({List(i.Columns)})";

    private static string Describe(RoleSnapshot r) =>
        $"superuser {OnOff(r.Superuser)}, bypassrls {OnOff(r.BypassRls)}, login {OnOff(r.CanLogin)}";
}
