using Harness.Findings;

namespace Harness.Scenarios.Idor;

/// <summary>The kinds of IDOR probe; each endpoint gets one check per kind it is probed with.</summary>
public enum ProbeKind
{
    /// <summary>A's user reads B's id.</summary>
    Read,

    /// <summary>A's user reads with B's tenant id in the route.</summary>
    TamperRoute,

    /// <summary>A's user updates B's row (PUT/PATCH).</summary>
    Write,

    /// <summary>A's user deletes B's row.</summary>
    Delete,

    /// <summary>A's user creates a child of B's parent.</summary>
    ForeignParent,

    /// <summary>A's user lists, searches or exports.</summary>
    Sweep,

    /// <summary>A's user lists with B's tenant id in headers.</summary>
    TamperHeader,

    /// <summary>A's user lists with B's tenant id in the query string.</summary>
    TamperQuery,

    /// <summary>A's user creates with B's tenant id in the body.</summary>
    TamperBody,

    /// <summary>A request with no or a bad credential.</summary>
    Authentication,

    /// <summary>A's user reads B's id and the answer differs from the one for an id that exists nowhere (judged with <see cref="Read"/>).</summary>
    Existence,
}

/// <summary>Names in check subjects (<c>GET /sites/{siteId} read</c>), rules, and the order probes run in.</summary>
public static class ProbeKinds
{
    public static string Name(ProbeKind kind) => kind switch
    {
        ProbeKind.Read => "read",
        ProbeKind.TamperRoute => "tamper-route",
        ProbeKind.Write => "write",
        ProbeKind.Delete => "delete",
        ProbeKind.ForeignParent => "foreign-parent",
        ProbeKind.Sweep => "sweep",
        ProbeKind.TamperHeader => "tamper-header",
        ProbeKind.TamperQuery => "tamper-query",
        ProbeKind.TamperBody => "tamper-body",
        ProbeKind.Authentication => "auth",
        ProbeKind.Existence => "existence",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static Rule RuleFor(ProbeKind kind) => kind switch
    {
        ProbeKind.Read => IdorRules.CrossTenantRead,
        ProbeKind.Write or ProbeKind.Delete => IdorRules.CrossTenantWrite,
        ProbeKind.ForeignParent => IdorRules.ForeignParent,
        ProbeKind.Sweep => IdorRules.CollectionLeak,
        ProbeKind.TamperRoute or ProbeKind.TamperHeader or ProbeKind.TamperQuery or ProbeKind.TamperBody => IdorRules.TenantTampering,
        ProbeKind.Authentication => IdorRules.MissingAuthentication,
        ProbeKind.Existence => IdorRules.ExistenceOracle,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>
    /// When a kind runs: reads, sweeps and authentication first (they change nothing but a list's cache), then header and
    /// query tampering (judged against the same tenant's plain sweep), then writes (each restored), then creates, then
    /// deletes (of rows copied for the purpose), so later probes see intact data.
    /// </summary>
    public static int Phase(ProbeKind kind) => kind switch
    {
        ProbeKind.TamperHeader or ProbeKind.TamperQuery => 1,
        ProbeKind.Write => 2,
        ProbeKind.ForeignParent or ProbeKind.TamperBody => 3,
        ProbeKind.Delete => 4,
        _ => 0,
    };

    /// <summary>The subject of an (endpoint, kind) check, e.g. <c>GET /sites/{siteId} read</c>.</summary>
    public static string Subject(string route, ProbeKind kind) => $"{route} {Name(kind)}";
}
