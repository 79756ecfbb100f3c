namespace Harness.Chaos.Pooling;

/// <summary>How a <see cref="PgBouncerProcess"/> pools: the server it forwards to, the users it lets in and its pool.</summary>
public sealed record PgBouncerOptions
{
    /// <summary>The server (or a proxy in front of it) PgBouncer opens its server connections to.</summary>
    public required string UpstreamHost { get; init; }

    /// <summary>The upstream port.</summary>
    public required int UpstreamPort { get; init; }

    /// <summary>The upstream database; clients reach it through the alias <see cref="PgBouncerProcess.DatabaseName"/>.</summary>
    public required string Database { get; init; }

    /// <summary>The roles clients log in as, with their passwords (PgBouncer logs in upstream with the same ones).</summary>
    public required IReadOnlyDictionary<string, string> Users { get; init; }

    /// <summary><c>transaction</c> (a server connection is handed to another client after each transaction), <c>session</c> or <c>statement</c>.</summary>
    public string PoolMode { get; init; } = "transaction";

    /// <summary>Server connections per user and database (<c>default_pool_size</c>).</summary>
    public int PoolSize { get; init; } = 2;

    /// <summary>Most client connections PgBouncer accepts (<c>max_client_conn</c>).</summary>
    public int MaxClientConnections { get; init; } = 500;

    /// <summary>Startup parameters PgBouncer accepts from clients and drops (1.18 refuses a login that sends any other it does not track).</summary>
    public IReadOnlyList<string> IgnoreStartupParameters { get; init; } = ["extra_float_digits", "search_path", "options"];

    /// <summary>The pgbouncer program; null: <see cref="PgBouncerProcess.FindBinary"/>.</summary>
    public string? BinaryPath { get; init; }

    /// <summary>The OS user PgBouncer runs as when the harness runs as root (PgBouncer refuses root).</summary>
    public string OsUser { get; init; } = "postgres";

    /// <summary>How long PgBouncer has to accept a real login before the start fails.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Where the running PgBouncer is written down for the orphan reaper (null: <see cref="Harness.Processes.ChildRegistry.Default"/>).</summary>
    internal Harness.Processes.ChildRegistry? Registry { get; init; }

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(UpstreamHost) || UpstreamPort is <= 0 or > 65535 || string.IsNullOrWhiteSpace(Database))
        {
            throw new PgBouncerException($"PgBouncer needs an upstream host, port and database (got '{UpstreamHost}:{UpstreamPort}/{Database}').");
        }

        if (Users.Count == 0)
        {
            throw new PgBouncerException("PgBouncer needs at least one user with a password to let clients in; give the app's role and its password.");
        }

        if (PoolMode is not ("transaction" or "session" or "statement"))
        {
            throw new PgBouncerException($"PgBouncer pool mode '{PoolMode}' does not exist; use transaction, session or statement.");
        }

        if (PoolSize < 1 || MaxClientConnections < 1)
        {
            throw new PgBouncerException("PgBouncer's pool size and client connection limit must be at least 1.");
        }

        foreach (var text in Users.Keys.Concat(Users.Values))
        {
            if (text.Length == 0 || text.Any(c => c is '\n' or '\r' or '\0'))
            {
                throw new PgBouncerException("PgBouncer's auth file cannot hold an empty user or password, or one with a line break; give plain role names and passwords.");
            }
        }

        foreach (var text in IgnoreStartupParameters.Append(Database).Append(UpstreamHost))
        {
            if (text.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or ',' or '=' or '\0'))
            {
                throw new PgBouncerException($"PgBouncer's configuration cannot hold '{text}' (a space, quote, comma or '='); use plain host, database and parameter names.");
            }
        }
    }
}
