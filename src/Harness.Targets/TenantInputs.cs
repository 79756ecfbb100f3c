namespace Harness.Targets;

/// <summary>
/// Where apps are known to take a tenant from the request instead of the credential: header names and query parameter
/// names derived from the tenancy key. The IDOR tamper probes and the quota family's spoofed-key probe send another
/// tenant's id under these names.
/// </summary>
public static class TenantInputs
{
    /// <summary>Headers that name a tenant in many apps; <see cref="HeaderNames"/> adds the tenant key's own (e.g. X-Company-Id).</summary>
    public static readonly IReadOnlyList<string> CommonTenantHeaders = ["X-Company-Id", "X-Tenant-Id", "X-Org-Id", "X-Organization-Id"];

    /// <summary>
    /// The common tenant headers, the tenant key's own (<c>company_id</c> -> <c>X-Company-Id</c>) and <paramref name="extra"/>,
    /// without duplicates (header names compare case-insensitively).
    /// </summary>
    public static IReadOnlyList<string> HeaderNames(string tenantKey, IEnumerable<string>? extra = null)
    {
        ArgumentNullException.ThrowIfNull(tenantKey);
        return
        [
            .. CommonTenantHeaders
                .Append("X-" + string.Join('-', tenantKey.Split('_', StringSplitOptions.RemoveEmptyEntries).Select(Capitalised)))
                .Concat(extra ?? [])
                .Distinct(StringComparer.OrdinalIgnoreCase),
        ];
    }

    /// <summary>The names of the tenant key in a query string: as is, in camelCase, and the common tenant_id/tenantId.</summary>
    public static IReadOnlyList<string> QueryNames(string tenantKey)
    {
        ArgumentNullException.ThrowIfNull(tenantKey);
        var parts = tenantKey.Split('_', StringSplitOptions.RemoveEmptyEntries);
        var camel = parts.Length == 0 ? tenantKey : parts[0] + string.Concat(parts.Skip(1).Select(Capitalised));
        return [.. new[] { tenantKey, camel, "tenant_id", "tenantId" }.Distinct(StringComparer.Ordinal)];
    }

    private static string Capitalised(string word) => word.Length == 0 ? word : char.ToUpperInvariant(word[0]) + word[1..];
}
