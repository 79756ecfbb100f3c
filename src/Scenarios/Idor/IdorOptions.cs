namespace Harness.Scenarios.Idor;

/// <summary>Settings of the cross-tenant IDOR probes (the manifest's <c>idor</c> section); the defaults are documented on each.</summary>
public sealed record IdorOptions
{
    /// <summary>Statuses that count as refusing another tenant's id with <c>oracle: status</c> (default 403, 404).</summary>
    public IReadOnlyList<int> DeniedStatuses { get; init; } = [403, 404];

    /// <summary>How reads by id are judged (default <see cref="ReadOracle.Differential"/>; <see cref="ReadOracle.Status"/> judges by <see cref="DeniedStatuses"/> alone).</summary>
    public ReadOracle Oracle { get; init; } = ReadOracle.Differential;

    /// <summary>Statuses that count as refusing a missing or bad credential (default 401, 403).</summary>
    public IReadOnlyList<int> UnauthenticatedStatuses { get; init; } = [401, 403];

    /// <summary>Requests in flight at once (default 4).</summary>
    public int Concurrency { get; init; } = 4;

    /// <summary>How many of the victim's ids each (attacker, victim) pair tries per endpoint (default 1; rotated so pairs cover different ids).</summary>
    public int IdsPerPair { get; init; } = 1;

    /// <summary>Probe every ordered (attacker, victim) pair even above 12 tenants, instead of the seeded sample (default false).</summary>
    public bool AllPairs { get; init; }

    /// <summary>Header names tried for tenant tampering besides X-Company-Id, X-Tenant-Id, X-Org-Id and the tenant key's own.</summary>
    public IReadOnlyList<string> TenantHeaders { get; init; } = [];
}
