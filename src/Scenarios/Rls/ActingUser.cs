using Harness.Catalog;
using Harness.Model;

namespace Harness.Scenarios.Rls;

/// <summary>
/// Which columns of a tenant table name the user who writes a row (<c>created_by</c>, <c>author_id</c>): single-column
/// foreign keys to the users that the membership's user column names (its own foreign key's target, e.g. <c>auth.users</c>,
/// else the membership table's user column itself). Only when the tenant context acts as a user (<c>{userId}</c>).
/// </summary>
internal static class ActingUser
{
    public static IReadOnlyList<string> ColumnsOf(TableInfo table, TenancyModel model, CatalogSnapshot catalog)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(catalog);
        if (!model.Context.UsesUserId || model.Membership is not { } membership || model.MembershipUser is not { } user
            || catalog.FindTable(membership) is not { } members)
        {
            return [];
        }

        var toUsers = members.ForeignKeys.FirstOrDefault(f => f.Columns is [var only] && only == user);
        var users = toUsers is null
            ? (Schema: catalog.Schema, Table: membership, Column: user)
            : (Schema: toUsers.ReferencedSchema ?? catalog.Schema, Table: toUsers.ReferencedTable, Column: toUsers.ReferencedColumns[0]);
        return [.. table.ForeignKeys
            .Where(f => f.Columns.Count == 1 && f.ReferencedColumns.Count == 1
                && (f.ReferencedSchema ?? catalog.Schema) == users.Schema && f.ReferencedTable == users.Table && f.ReferencedColumns[0] == users.Column)
            .Select(f => f.Columns[0])
            .Distinct(StringComparer.Ordinal)];
    }
}
