namespace Harness.Model;

/// <summary>Who a probe acts as: the values the context steps' placeholders are filled with.</summary>
/// <param name="TenantId">The tenant's id (<c>{tenantId}</c>).</param>
/// <param name="UserId">A user's id (<c>{userId}</c>), e.g. a member of the tenant; null when the plan does not use it.</param>
public sealed record ContextIdentity(string TenantId, string? UserId = null);
