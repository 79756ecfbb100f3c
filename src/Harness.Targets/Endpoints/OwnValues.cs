using Harness.Ledger;
using Harness.Model;

namespace Harness.Targets.Endpoints;

/// <summary>A tenant's own seeded values for an endpoint's path parameters (the soak's and the chaos kit's requests).</summary>
public static class OwnValues
{
    /// <summary>The first live seeded value of <paramref name="parameter"/>'s column for <paramref name="tenant"/>, or null.</summary>
    public static string? Of(PathParameter parameter, SeededTenant tenant, TenancyModel model) => All(parameter, tenant, model) is [var first, ..] ? first : null;

    /// <summary>Every live seeded value of <paramref name="parameter"/>'s column for <paramref name="tenant"/> (the tenant's id for the root).</summary>
    public static IReadOnlyList<string> All(PathParameter parameter, SeededTenant tenant, TenancyModel model)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(model);
        if (parameter.Table == model.Root && parameter.Column == model.RootKey)
        {
            return [tenant.TenantId];
        }

        if (tenant.Table(parameter.Table.Value) is not { } table)
        {
            return [];
        }

        var column = -1;
        for (var i = 0; i < table.KeyColumns.Count; i++)
        {
            if (table.KeyColumns[i] == parameter.Column)
            {
                column = i;
            }
        }

        return column < 0 ? [] : [.. table.Keys.Where((_, index) => !table.IsDeleted(index)).Select(k => k[column])];
    }
}
