using System.Globalization;

namespace Harness.Targets.Credentials;

/// <summary>A seeded user of a seeded tenant, as credential strategies see it (ids as the ledger holds them).</summary>
/// <param name="TenantIndex">The tenant's index in the seed ledger.</param>
/// <param name="TenantId">The tenant's id (the root row's key).</param>
/// <param name="UserId">The user's id in the membership table; the tenant id when the target has no membership table.</param>
/// <param name="TenantName">The tenant's display name.</param>
public sealed record TenantPrincipal(int TenantIndex, string TenantId, string UserId, string TenantName)
{
    /// <summary>Cache key: one credential per user.</summary>
    public string Key => $"{TenantId}/{UserId}";

    /// <summary>The values templates may name: {userId}, {tenantId}, {tenantIndex}, {tenantName}.</summary>
    public IReadOnlyDictionary<string, string> Placeholders() => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["userId"] = UserId,
        ["tenantId"] = TenantId,
        ["tenantIndex"] = TenantIndex.ToString(CultureInfo.InvariantCulture),
        ["tenantName"] = TenantName,
    };

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"tenant {TenantIndex} ({TenantId}) user {UserId}");
}
