using System.Text.Json.Nodes;
using Harness.Catalog;
using Harness.Model;
using Harness.Targets.Endpoints;

namespace Harness.Scenarios.Idor;

/// <summary>
/// The path parameter values that address one row: the row's own column for parameters on its table, and for parameters
/// on other tables the value of the foreign key that points there (<c>/sites/{siteId}/sign-ins/{signInId}</c> takes
/// siteId from the sign-in's site_id), or the tenant column for the tenant root.
/// </summary>
internal static class ResourceAddress
{
    public static Dictionary<string, string>? For(Endpoint endpoint, TableName rowTable, JsonObject row, CatalogSnapshot catalog, TenancyModel model)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var parameter in endpoint.Parameters)
        {
            var value = ValueOf(parameter, rowTable, row, catalog, model);
            if (value is null)
            {
                return null;
            }

            values[parameter.Name] = value;
        }

        return values;
    }

    /// <summary>The value of <paramref name="parameter"/> for <paramref name="row"/> of <paramref name="rowTable"/>, or null when the row does not say.</summary>
    public static string? ValueOf(PathParameter parameter, TableName rowTable, JsonObject row, CatalogSnapshot catalog, TenancyModel model)
    {
        if (parameter.Table == rowTable)
        {
            return Json.Text(row[parameter.Column]);
        }

        if (parameter.Table == model.Root && parameter.Column == model.RootKey)
        {
            return Json.Text(row[model.TenantColumnOf(rowTable)]);
        }

        foreach (var fk in catalog.FindTable(rowTable)?.ForeignKeys ?? [])
        {
            var position = fk.ReferencedTable == parameter.Table ? IndexOf(fk.ReferencedColumns, parameter.Column) : -1;
            if (position >= 0)
            {
                return Json.Text(row[fk.Columns[position]]);
            }
        }

        return null;
    }

    private static int IndexOf(IReadOnlyList<string> list, string item)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == item)
            {
                return i;
            }
        }

        return -1;
    }
}
