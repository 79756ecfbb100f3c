using Harness.Findings;

namespace Harness.Scenarios.Chaos;

/// <summary>The chaos family's rules: a fault may fail a request, it may never show one tenant another's data.</summary>
public static class ChaosRules
{
    public static readonly Rule LeakUnderFaults = new(
        "CHAOS001", "Answer under faults carries another tenant's data", Severity.Critical,
        "Set the tenant context in the same transaction as the data query (SET LOCAL or set_config(..., true)) on every path, retries and background jobs included, so no connection can serve one tenant with another's context.");

    public static readonly Rule WriteOnOtherTenant = new(
        "CHAOS002", "Write under faults landed on another tenant", Severity.Critical,
        "Take the tenant of every write from the request's own context inside the transaction (and a WITH CHECK policy), never from state a connection or worker kept from an earlier request.");

    public static readonly Rule FailOpen = new(
        "CHAOS003", "Data query ran without its own tenant context and returned rows", Severity.High,
        "Run every query on tenant tables in a transaction that set its tenant context itself; connect the app (and its workers) as a role RLS applies to, so a missing context returns nothing.");

    public static readonly Rule SessionContext = new(
        "CHAOS004", "Tenant context set at session scope", Severity.Medium,
        "Use SET LOCAL or set_config(name, value, true) inside the transaction: a session-scoped setting outlives the request and reaches the next borrower of the connection behind a transaction pooler or a pool without reset.");

    public static readonly Rule AmbiguousCommit = new(
        "CHAOS005", "Retry after an ambiguous commit duplicated or lost the write", Severity.Medium,
        "Make writes idempotent (a request key checked inside the transaction) before retrying after a connection lost during COMMIT.");

    public static readonly Rule NotRestored = new(
        "CHAOS006", "Isolation or health not restored after the faults stopped", Severity.Medium,
        "Let broken connections be discarded (pool health checks, reconnect on 57P01/08006) so the app answers every tenant correctly again once the database is back.");

    public static readonly Rule NoContext = new(
        "CHAOS007", "Data query ran with no tenant context", Severity.Medium,
        "Set the tenant context on every path that touches tenant tables, retries and reconnects included: RLS answered nothing this time, but the path has lost its tenant.");

    public static readonly Rule QueueStarvation = new(
        "CHAOS008", "One tenant's queued jobs held back another tenant's", Severity.Medium,
        "Limit job concurrency per tenant, not globally, and claim the oldest job of a tenant under its limit, so a tenant flooding the queue cannot starve the others.");

    /// <summary>Every chaos rule.</summary>
    public static IReadOnlyList<Rule> All { get; } = [LeakUnderFaults, WriteOnOtherTenant, FailOpen, SessionContext, AmbiguousCommit, NotRestored, NoContext, QueueStarvation];
}
