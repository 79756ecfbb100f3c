using Harness.Findings;

namespace Harness.Scenarios.Quota;

/// <summary>The quota checks' rules: a declared per-key limit must be enforced, per key, with an honest 429.</summary>
public static class QuotaRules
{
    public static Rule NotEnforced { get; } = new(
        "QUO001",
        "Quota not enforced",
        Severity.High,
        "Enforce the declared limit on every endpoint of the group: a rate limiter partitioned by the key the manifest declares (e.g. ASP.NET Core's "
        + "AddRateLimiter with a PartitionedRateLimiter keyed by the tenant claim), applied to these routes.");

    public static Rule NeighbourThrottled { get; } = new(
        "QUO002",
        "Neighbour throttled under its own quota",
        Severity.High,
        "Partition the limiter by the declared key taken from the verified credential (the tenant claim), not one global bucket, the client's address "
        + "or a user where the tenant is declared: one tenant's flood must never throttle another tenant under its own quota.");

    public static Rule SpoofableKey { get; } = new(
        "QUO003",
        "Spoofable quota key",
        Severity.High,
        "Take the limiter's partition key only from the verified credential, never from a header, the query string or the body the client controls: "
        + "otherwise any caller can exhaust another tenant's quota.");

    public static Rule WrongStatus { get; } = new(
        "QUO004",
        "Throttled with a server error instead of 429",
        Severity.Medium,
        "Answer a throttled request with the declared status, 429 Too Many Requests (RFC 6585 §4): in ASP.NET Core set "
        + "RateLimiterOptions.RejectionStatusCode = 429 (it defaults to 503, which clients and monitors read as an outage).");

    public static Rule RetryAfterInvalid { get; } = new(
        "QUO005",
        "429 without a valid Retry-After",
        Severity.Medium,
        "Send Retry-After on every throttled answer, as delay-seconds (a non-negative whole number) or an HTTP-date (RFC 9110 §10.2.3): "
        + "in ASP.NET Core set it in OnRejected from the lease's MetadataName.RetryAfter.");

    public static Rule RetryAfterWrong { get; } = new(
        "QUO006",
        "Retry-After does not match the reset",
        Severity.Medium,
        "Advertise the time left until the key's window resets (rounded up to whole seconds), not the whole window and not less than the time left: "
        + "a client that obeys Retry-After must be admitted when it retries.");

    public static Rule EffectiveLimitDiffers { get; } = new(
        "QUO007",
        "Effective limit differs from the declared one",
        Severity.Medium,
        "Make the limiter's permit limit, window and burst (token bucket size) match the quota the manifest declares, or correct the manifest.");

    public static Rule RateLimitFieldsInconsistent { get; } = new(
        "QUO008",
        "RateLimit fields inconsistent with what was observed",
        Severity.Info,
        "Keep the RateLimit / RateLimit-Policy fields (draft-ietf-httpapi-ratelimit-headers) true to the limiter: q the quota, w the window, "
        + "r the requests left (falling with each admitted request, 0 when throttled), t the seconds to the reset.");

    /// <summary>Every rule, in id order.</summary>
    public static IReadOnlyList<Rule> All { get; } =
        [NotEnforced, NeighbourThrottled, SpoofableKey, WrongStatus, RetryAfterInvalid, RetryAfterWrong, EffectiveLimitDiffers, RateLimitFieldsInconsistent];
}
