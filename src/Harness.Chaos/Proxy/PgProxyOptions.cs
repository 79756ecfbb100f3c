namespace Harness.Chaos.Proxy;

/// <summary>How a <see cref="PgFaultProxy"/> listens, where it forwards and what it recognises.</summary>
public sealed record PgProxyOptions
{
    /// <summary>The server (or pooler) the proxy forwards to: a host name or address, or an absolute directory holding the
    /// server's Unix socket (<c>/var/run/postgresql</c>: the socket <c>.s.PGSQL.&lt;port&gt;</c> in it, as libpq reads a host).</summary>
    public required string UpstreamHost { get; init; }

    /// <summary>The upstream port.</summary>
    public required int UpstreamPort { get; init; }

    /// <summary>A name for events and transcripts, e.g. "app-side" or "server-side".</summary>
    public string Name { get; init; } = "proxy";

    /// <summary>Startup parameters taken out of the client's startup message before it is forwarded (e.g. <c>search_path</c>
    /// and <c>options</c>, which PgBouncer 1.18 refuses).</summary>
    public IReadOnlyList<string> RemoveStartupParameters { get; init; } = [];

    /// <summary>Startup parameters added to (or replaced in) the startup message forwarded upstream (e.g.
    /// <c>options = -c search_path=...</c> on the server side of a pooler).</summary>
    public IReadOnlyDictionary<string, string> AddStartupParameters { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Rewrite each client's <c>application_name</c> to carry the connection's id (<c>name#c17</c>), so a proxy
    /// behind a pooler can attribute each transaction to the client connection it serves (see <see cref="DataQueryEvent.Client"/>).</summary>
    public bool TagApplicationName { get; init; }

    /// <summary>Which statements set the tenant context.</summary>
    public TenantContextSettings Context { get; init; } = new();

    /// <summary>The tenant tables' names (unqualified); a statement naming one is a data query.</summary>
    public IReadOnlySet<string> TenantTables { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Seed of the random draws (network toxics' per-connection toxicity and jitter).</summary>
    public int Seed { get; init; }

    /// <summary>Most transcript lines kept per connection (the last ones are kept).</summary>
    public int TranscriptLimit { get; init; } = 200;
}
