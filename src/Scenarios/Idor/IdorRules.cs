using Harness.Findings;

namespace Harness.Scenarios.Idor;

/// <summary>The cross-tenant IDOR probes' rules: one per kind of request and what it must not do.</summary>
public static class IdorRules
{
    public static Rule CrossTenantRead { get; } = new(
        "IDOR001",
        "Cross-tenant read by id",
        Severity.Critical,
        "Look every row up within the caller's tenant: take the tenant from the verified credential (never the request) and filter by it "
        + "(WHERE <tenant_key> = @tenant, or an RLS policy with the tenant set per transaction); answer 404 for another tenant's id.");

    public static Rule CrossTenantWrite { get; } = new(
        "IDOR002",
        "Cross-tenant update or delete by id",
        Severity.Critical,
        "Scope every UPDATE and DELETE to the caller's tenant (WHERE id = @id AND <tenant_key> = @tenant, or RLS), and answer 404 when no row of the caller's tenant matched.");

    public static Rule ForeignParent { get; } = new(
        "IDOR003",
        "Create under another tenant's parent",
        Severity.Critical,
        "Check that every referenced parent (path or body id) belongs to the caller's tenant before inserting, and give child tables composite foreign keys "
        + "that include the tenant key (FOREIGN KEY (<tenant_key>, parent_id) REFERENCES parent (<tenant_key>, id)).");

    public static Rule CollectionLeak { get; } = new(
        "IDOR004",
        "Another tenant's data in a list, search or export",
        Severity.Critical,
        "Filter every list, search and export by the caller's tenant in the query itself (or RLS on the connection the query uses); never read through an "
        + "owner or admin connection, a SECURITY DEFINER function or a cache whose key leaves out the tenant.");

    public static Rule TenantTampering { get; } = new(
        "IDOR005",
        "Client-supplied tenant id honoured",
        Severity.Critical,
        "Take the tenant only from the verified credential: ignore (or refuse) a tenant id in headers, the query string, the body or the route, "
        + "and set new rows' tenant key on the server.");

    public static Rule MissingAuthentication { get; } = new(
        "IDOR006",
        "Missing or bad credentials accepted",
        Severity.High,
        "Require a valid credential on every endpoint that is not public (a fallback authorization policy), validate signature, algorithm, "
        + "issuer, audience and expiry, and answer 401.");

    public static Rule Inconclusive { get; } = new(
        "IDOR007",
        "Probe inconclusive: the owner's own request failed",
        Severity.Info,
        "The tenant that owns the row could not read it through this endpoint either, so refusing another tenant proves nothing: check the endpoint's "
        + "parameter mapping (endpoints.parameters) and that the seeded rows are valid for the app.");

    public static Rule ExistenceOracle { get; } = new(
        "IDOR008",
        "Existence oracle: another tenant's id answers unlike an id that exists nowhere",
        Severity.Medium,
        "Answer another tenant's id exactly as an id that exists nowhere (the same status and body, e.g. 404, or 200 [] for a list under it): "
        + "look the row up within the caller's tenant only, so the app itself cannot tell the two apart.");

    public static Rule OwnTenantFails { get; } = new(
        "IDOR009",
        "The app fails for its own tenant",
        Severity.High,
        "Every request of the tenant that owns the data failed on this route, so nothing on it could be judged: make the route answer its own tenant "
        + "(check how the app sets its tenant context, e.g. set_config('<context_setting>', @tenant, true): a parameterised SET LOCAL is refused by PostgreSQL), "
        + "then run the probes again.");

    /// <summary>Every rule, in id order.</summary>
    public static IReadOnlyList<Rule> All { get; } =
    [
        CrossTenantRead, CrossTenantWrite, ForeignParent, CollectionLeak, TenantTampering, MissingAuthentication, Inconclusive, ExistenceOracle,
        OwnTenantFails,
    ];
}
