using Harness.Catalog;
using Harness.Model;

namespace Harness.Scenarios.Rls;

/// <summary>A custom setting that might switch tenant isolation off, and the values to try it with.</summary>
/// <param name="Discovered">Found in a policy (or a function a policy calls) rather than taken from the list of common names.</param>
public sealed record BypassSwitch(string Setting, IReadOnlyList<string> Values, bool Discovered);

/// <summary>
/// The settings the matrix sets inside tenant A's transaction to check that A still sees only A: every custom setting
/// the schema's policies read (other than the tenant context), plus names apps commonly use for an admin bypass.
/// Only dotted (custom) names: set_config on a built-in such as <c>role</c> would change who the session is.
/// </summary>
public static class BypassSwitches
{
    public static IReadOnlyList<string> CommonSettings { get; } =
    [
        "app.bypass_rls", "app.rls_bypass", "app.is_superadmin", "app.is_admin", "app.admin", "app.role", "app.user_role",
        "request.jwt.claim.role", "request.jwt.claims",
    ];

    public static IReadOnlyList<string> FlagValues { get; } = ["on", "true", "1", "admin", "service_role"];

    public static IReadOnlyList<string> ClaimsValues { get; } =
        ["{\"role\":\"service_role\"}", "{\"role\":\"admin\",\"is_admin\":true,\"is_superadmin\":true,\"bypass_rls\":true}"];

    public static IReadOnlyList<BypassSwitch> For(CatalogSnapshot catalog, TenancyModel model, IEnumerable<TableName> tenantTables)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(model);
        var names = new List<(string Name, bool Discovered)>();
        // The settings the tenant context sets itself are not switches: the context overwrites them in every probe.
        var seen = new HashSet<string>([model.ContextSetting, .. model.Context.Settings], StringComparer.OrdinalIgnoreCase);
        foreach (var name in SettingsReadByPolicies(catalog, model, tenantTables))
        {
            if (seen.Add(name))
            {
                names.Add((name, true));
            }
        }

        foreach (var name in CommonSettings)
        {
            if (seen.Add(name))
            {
                names.Add((name, false));
            }
        }

        return [.. names.Select(n => new BypassSwitch(n.Name, n.Name.EndsWith("claims", StringComparison.OrdinalIgnoreCase) ? ClaimsValues : FlagValues, n.Discovered))];
    }

    /// <summary>The custom settings the policies read that are not the caller's identity (<see cref="PolicySettings.SwitchesReadBy"/>).</summary>
    private static IReadOnlyList<string> SettingsReadByPolicies(CatalogSnapshot catalog, TenancyModel model, IEnumerable<TableName> tenantTables)
    {
        var tables = tenantTables.ToHashSet();
        var expressions = catalog.Tables
            .Where(t => tables.Contains(t.Name))
            .SelectMany(t => t.Policies)
            .SelectMany(p => new[] { p.Using, p.WithCheck })
            .OfType<string>();
        return PolicySettings.SwitchesReadBy(expressions, catalog.CallableFunctions, model.ContextSetting);
    }
}
