namespace Harness.Scenarios.Quota;

/// <summary>Settings of the quota checks (the manifest's <c>quota</c> section); the defaults are documented on each.</summary>
public sealed record QuotaOptions
{
    /// <summary>How far the effective limit may be from the declared one, as a fraction (default 0.1, i.e. 10 %).</summary>
    public double Tolerance { get; init; } = 0.1;

    /// <summary>The longest the family waits for a window to pass or a Retry-After (default 15 s); beyond it that check is not covered.</summary>
    public TimeSpan MaxWait { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The declared limits; none means the family has nothing to check.</summary>
    public IReadOnlyList<QuotaLimit> Limits { get; init; } = [];
}

/// <summary>One declared quota: a group of endpoints sharing one bucket per key, and what a throttled answer promises.</summary>
public sealed record QuotaLimit
{
    /// <summary>The limit's name in reports; by default the first endpoint's <c>METHOD /path</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The endpoints sharing the bucket; the probes use the first.</summary>
    public required IReadOnlyList<QuotaEndpoint> Endpoints { get; init; }

    /// <summary>Requests allowed per window per key (at least 1).</summary>
    public required int Limit { get; init; }

    /// <summary>The window (250 ms to 1 day).</summary>
    public required TimeSpan Window { get; init; }

    /// <summary>Extra requests a token bucket lets through at once (default 0).</summary>
    public int Burst { get; init; }

    /// <summary>What the bucket is partitioned by (default <see cref="QuotaKeyKind.Tenant"/>).</summary>
    public QuotaKey Key { get; init; } = QuotaKey.Tenant;

    /// <summary>The status promised when throttled (default 429).</summary>
    public int Status { get; init; } = 429;

    /// <summary>Whether a throttled answer promises a Retry-After (default true).</summary>
    public bool RetryAfter { get; init; } = true;

    /// <summary>Whether answers promise the IETF RateLimit / RateLimit-Policy fields (default false).</summary>
    public bool RateLimitHeaders { get; init; }

    /// <summary>The requests a fresh key may send at once: <see cref="Limit"/> + <see cref="Burst"/>.</summary>
    public int Capacity => Limit + Burst;

    /// <summary>The endpoint the probes send to.</summary>
    public QuotaEndpoint Probe => Endpoints[0];
}

/// <summary>An endpoint of a quota group, as the manifest writes it: <c>GET /sites/{siteId}</c>.</summary>
public sealed record QuotaEndpoint(string Method, string Path)
{
    /// <summary><c>METHOD /path</c>.</summary>
    public string Route => $"{Method} {Path}";

    public override string ToString() => Route;
}

/// <summary>What a quota's bucket is partitioned by.</summary>
public enum QuotaKeyKind
{
    /// <summary>The caller's tenant (from the credential).</summary>
    Tenant,

    /// <summary>The caller's user.</summary>
    User,

    /// <summary>The client's address.</summary>
    Ip,

    /// <summary>The endpoint's first route parameter (e.g. a site).</summary>
    Site,

    /// <summary>A named route parameter.</summary>
    Route,
}

/// <summary>A quota's partition key: <c>tenant</c>, <c>user</c>, <c>ip</c>, <c>site</c> or <c>route:&lt;param&gt;</c>.</summary>
/// <param name="Parameter">The route parameter for <see cref="QuotaKeyKind.Route"/>; null otherwise.</param>
public sealed record QuotaKey(QuotaKeyKind Kind, string? Parameter = null)
{
    public static QuotaKey Tenant { get; } = new(QuotaKeyKind.Tenant);

    /// <summary>Keyed by something the harness can give each probe its own value of (not <see cref="QuotaKeyKind.Ip"/>: every request comes from loopback).</summary>
    public bool Separable => Kind != QuotaKeyKind.Ip;

    public override string ToString() => Kind == QuotaKeyKind.Route ? $"route:{Parameter}" : Kind.ToString().ToLowerInvariant();
}
