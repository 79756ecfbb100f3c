using Harness.Findings;

namespace Harness.Scenarios.Soak;

/// <summary>The soak's rules: what a noisy tenant must not do to its neighbours.</summary>
public static class SoakRules
{
    public static readonly Rule LatencyDegraded = new(
        "SOAK001", "Neighbour latency degraded by a noisy tenant", Severity.High,
        "Partition the app's capacity per tenant (a per-tenant rate limiter or concurrency limit in front of the shared work), so one tenant's flood is refused before it queues the others' requests.");

    public static readonly Rule SuccessDropped = new(
        "SOAK002", "Neighbour success rate dropped during the flood", Severity.High,
        "Key the rate limiter by tenant (not one global bucket, not the client IP): a tenant under its own quota must keep getting answers while another tenant is throttled.");

    public static readonly Rule Unfair = new(
        "SOAK003", "Neighbours' goodput unfair (Jain's index)", Severity.Medium,
        "Give every tenant its own share of the capacity (fair queuing or per-tenant limits), so the flood does not hit some neighbours harder than others.");

    public static readonly Rule NotRecovered = new(
        "SOAK004", "Neighbours not recovered after the flood", Severity.Medium,
        "Drain queues and release per-tenant resources once a flood stops (bounded queues, timeouts on held work), so neighbours return to their baseline quickly.");

    public static readonly Rule GrowsWithChurn = new(
        "SOAK005", "Resource use grows with tenant churn", Severity.Medium,
        "Bound per-tenant state (limiter partitions, caches): expire idle tenants' entries, or use a bounded cache, so many distinct tenants do not grow memory or latency without end.");

    /// <summary>Every soak rule.</summary>
    public static IReadOnlyList<Rule> All { get; } = [LatencyDegraded, SuccessDropped, Unfair, NotRecovered, GrowsWithChurn];
}
