namespace Harness.Tests.Fixtures.Chaos;

/// <summary>
/// The planted chaos and job-queue flaws of the two targets (tenant context on pooled connections, retries, the job
/// worker), each shown by a test in this folder rather than by the IDOR probes, which cannot see a connection's state.
/// </summary>
public static class ChaosFlaws
{
    public static readonly IReadOnlyList<string> Sample =
    [
        "chaos-session-set", "chaos-no-reset-on-close", "chaos-retry-without-tenant", "chaos-commit-retry-duplicates",
        "job-owner-pool", "job-retry-loses-tenant", "job-global-concurrency",
    ];

    public static readonly IReadOnlyList<string> Node = ["node-session-context", "node-retry-without-tenant"];
}
