namespace Harness.Drills.Move;

/// <summary>
/// Where a tenant's rows are, as a team declares it: the tenant key column the tenant tables carry, the tenants' own table
/// (the root) and its key, and the tables shared by every tenant. The manifest's <c>tenancy</c> section, or the
/// <c>--tenant-key</c>/<c>--root</c> flags.
/// </summary>
public sealed record MoveTenancy(string TenantKey, string Root, string RootKey = "id")
{
    /// <summary>Tables shared by every tenant: never moved, never deleted with a tenant.</summary>
    public IReadOnlySet<string> Global { get; init; } = new HashSet<string>(StringComparer.Ordinal);
}
