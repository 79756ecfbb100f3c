using Harness.Catalog;
using Npgsql;

namespace Harness.Snapshots;

/// <summary>The security catalog of a snapshot: every list read in one query and sorted so equal catalogs compare equal.</summary>
public static partial class SnapshotReader
{
    private static readonly StringComparer Ordinal = StringComparer.Ordinal;

    private static async Task<(SecurityCatalog Security, IReadOnlyList<(ColumnSnapshot Column, bool Textual)> Columns)> ReadSecurityAsync(
        NpgsqlConnection connection, string schema, CancellationToken cancellationToken)
    {
        var tables = await ReadRowsAsync(
            connection, CatalogQueries.Tables, schema,
            r => new TableSecurity(r.GetString(0), r.GetBoolean(7) ? "p" : "r", NullableString(r, 8), r.GetBoolean(2), r.GetBoolean(3), r.GetString(1)),
            cancellationToken);
        var columns = await ReadRowsAsync(
            connection, SnapshotQueries.Columns, schema,
            r => (Column: new ColumnSnapshot(r.GetString(0), r.GetString(1), r.GetString(2), r.GetBoolean(3), NullableString(r, 4)), Textual: r.GetBoolean(5)),
            cancellationToken);
        var policies = await ReadRowsAsync(
            connection, CatalogQueries.Policies, schema,
            r => new PolicySnapshot(
                r.GetString(0), r.GetString(1), r.GetString(2), [.. r.GetFieldValue<string[]>(4).Order(Ordinal)], r.GetBoolean(3),
                NullableString(r, 5), NullableString(r, 6)),
            cancellationToken);
        var privileges = await ReadRowsAsync(
            connection, SnapshotQueries.Privileges, schema,
            r => new PrivilegeSnapshot(r.GetString(0), r.GetString(1), NullableString(r, 2), r.GetString(3), r.GetString(4)),
            cancellationToken);
        var defaults = await ReadRowsAsync(
            connection, SnapshotQueries.DefaultPrivileges, schema,
            r => new DefaultPrivilegeSnapshot(r.GetString(0), r.GetString(1), r.GetBoolean(2), r.GetString(3), r.GetString(4)),
            cancellationToken);
        var views = await ReadRowsAsync(
            connection, SnapshotQueries.Views, schema,
            r => new ViewSnapshot(r.GetString(0), r.GetBoolean(1), r.GetBoolean(2), r.GetBoolean(3), r.GetFieldValue<string[]>(4), r.GetString(5)),
            cancellationToken);
        var functions = await ReadRowsAsync(
            connection, SnapshotQueries.Functions, schema,
            r => new FunctionSnapshot(r.GetString(0), r.GetBoolean(1), NullableString(r, 2), r.GetString(3)),
            cancellationToken);
        var foreignKeys = await ReadRowsAsync(
            connection, CatalogQueries.ForeignKeys, schema,
            r => new ForeignKeySnapshot(
                r.GetString(0), r.GetString(1), r.GetFieldValue<string[]>(2),
                r.GetString(5) == schema ? r.GetString(3) : $"{r.GetString(5)}.{r.GetString(3)}", r.GetFieldValue<string[]>(4)),
            cancellationToken);
        var indexes = await ReadRowsAsync(
            connection, CatalogQueries.Indexes, schema,
            r => new IndexSnapshot(r.GetString(0), r.GetString(1), r.GetFieldValue<string[]>(2), r.GetBoolean(3)),
            cancellationToken);
        var roleNames = tables.Select(t => t.Owner)
            .Concat(views.Select(v => v.Owner))
            .Concat(functions.Select(f => f.Owner))
            .Concat(privileges.Select(p => p.Grantee))
            .Concat(defaults.SelectMany(d => new[] { d.Creator, d.Grantee }))
            .Concat(policies.SelectMany(p => p.Roles))
            .Where(n => n is not ("PUBLIC" or "public"))
            .Distinct(Ordinal)
            .ToArray();
        var roles = await ReadRowsAsync(
            connection, SnapshotQueries.Roles, schema,
            r => new RoleSnapshot(r.GetString(0), r.GetBoolean(1), r.GetBoolean(2), r.GetBoolean(3)),
            cancellationToken,
            ("names", roleNames));
        var security = new SecurityCatalog
        {
            Tables = [.. tables.OrderBy(t => t.Name, Ordinal)],
            Columns = [.. columns.Select(c => c.Column).OrderBy(c => c.Table, Ordinal).ThenBy(c => c.Name, Ordinal)],
            Policies = [.. policies.OrderBy(p => p.Table, Ordinal).ThenBy(p => p.Name, Ordinal)],
            Privileges = [.. privileges.OrderBy(p => p.ObjectKind, Ordinal).ThenBy(p => p.Name, Ordinal).ThenBy(p => p.Column, Ordinal)
                .ThenBy(p => p.Grantee, Ordinal).ThenBy(p => p.Privilege, Ordinal)],
            DefaultPrivileges = [.. defaults.OrderBy(d => d.Creator, Ordinal).ThenBy(d => d.ObjectType, Ordinal).ThenBy(d => d.InSchema)
                .ThenBy(d => d.Grantee, Ordinal).ThenBy(d => d.Privilege, Ordinal)],
            Views = [.. views.OrderBy(v => v.Name, Ordinal)],
            Functions = [.. functions.OrderBy(f => f.Signature, Ordinal)],
            ForeignKeys = [.. foreignKeys.OrderBy(f => f.Table, Ordinal).ThenBy(f => f.Name, Ordinal)],
            Indexes = [.. indexes.OrderBy(i => i.Table, Ordinal).ThenBy(i => i.Name, Ordinal)],
            Roles = [.. roles.OrderBy(r => r.Name, Ordinal)],
        };
        return (security, columns);
    }
}
