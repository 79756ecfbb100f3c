using Harness.Chaos.Pooling;
using Harness.Chaos.Proxy;
using Harness.Targets;
using Npgsql;

namespace Harness.Scenarios.Chaos;

/// <summary>
/// What the app connects through during a chaos run: the app-side fault proxy, then (optionally) a real PgBouncer in
/// transaction mode with an observing proxy on its server side, then the server. The app gets <see cref="Database"/>, the
/// worker's database with every connection pointed at the app-side proxy. Disposing stops all of it.
/// </summary>
internal sealed class ChaosTopology : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> owned = [];

    private ChaosTopology()
    {
    }

    /// <summary>The proxy the app connects to: it injects the faults and sees each app connection.</summary>
    public PgFaultProxy AppSide { get; private set; } = null!;

    /// <summary>The observing proxy between PgBouncer and the server (it sees each server connection), or null without PgBouncer.</summary>
    public PgFaultProxy? ServerSide { get; private set; }

    /// <summary>The pooler, or null.</summary>
    public PgBouncerProcess? PgBouncer { get; private set; }

    /// <summary>The proxy that sees server connections one to one: the server-side one behind PgBouncer, else the app-side one.</summary>
    public PgFaultProxy ServerView => ServerSide ?? AppSide;

    /// <summary>The database the app is started against.</summary>
    public TargetDatabase Database { get; private set; } = null!;

    /// <summary>One line for progress and reports.</summary>
    public string Description => PgBouncer is null
        ? $"app -> fault proxy :{AppSide.Port} -> server"
        : $"app -> fault proxy :{AppSide.Port} -> PgBouncer :{PgBouncer.Port} (transaction pooling) -> observing proxy :{ServerSide!.Port} -> server";

    /// <summary>The redacted transcript of the connection an event of either proxy names.</summary>
    public IReadOnlyList<string> TranscriptOf(ProxyEvent observed) =>
        (ServerSide is { } server && observed.Proxy == server.Options.Name ? server : AppSide).TranscriptOf(observed.Connection);

    public static async Task<ChaosTopology> StartAsync(
        TargetDatabase direct, PgProxyOptions template, bool withPgBouncer, int poolSize, CancellationToken cancellationToken)
    {
        var topology = new ChaosTopology();
        try
        {
            var server = new NpgsqlConnectionStringBuilder(direct.AdminConnectionString);
            var host = server.Host ?? "127.0.0.1";
            var port = server.Port;
            string? database = null;
            if (withPgBouncer)
            {
                var searchPath = direct.SearchPath is null
                    ? new Dictionary<string, string>(StringComparer.Ordinal)
                    : new Dictionary<string, string>(StringComparer.Ordinal) { ["options"] = $"-c search_path={direct.SearchPath}" };
                topology.ServerSide = await topology.OwnAsync(PgFaultProxy.StartAsync(
                    template with { Name = "server-side", UpstreamHost = host, UpstreamPort = port, AddStartupParameters = searchPath }, cancellationToken));
                topology.PgBouncer = await topology.OwnAsync(PgBouncerProcess.StartAsync(
                    new PgBouncerOptions
                    {
                        UpstreamHost = topology.ServerSide.Host,
                        UpstreamPort = topology.ServerSide.Port,
                        Database = server.Database ?? "postgres",
                        Users = Users(direct),
                        PoolSize = poolSize,
                    },
                    cancellationToken));
                host = topology.PgBouncer.Host;
                port = topology.PgBouncer.Port;
                database = topology.PgBouncer.DatabaseName;
            }

            topology.AppSide = await topology.OwnAsync(PgFaultProxy.StartAsync(
                template with
                {
                    Name = "app-side",
                    UpstreamHost = host,
                    UpstreamPort = port,
                    TagApplicationName = withPgBouncer,
                    RemoveStartupParameters = withPgBouncer ? ["search_path", "options"] : [],
                },
                cancellationToken));
            topology.Database = ProxiedDatabase.Through(direct, topology.AppSide.Host, topology.AppSide.Port, database);
            return topology;
        }
        catch
        {
            await topology.DisposeAsync();
            throw;
        }
    }

    /// <summary>Every login the app may use, with its password (the pooler authenticates them itself).</summary>
    private static Dictionary<string, string> Users(TargetDatabase direct)
    {
        var users = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var connectionString in direct.RoleConnectionStrings.Values.Append(direct.AppConnectionString).Append(direct.AdminConnectionString))
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            if (builder.Username is { } user && builder.Password is { } password)
            {
                users[user] = password;
            }
        }

        return users;
    }

    private async Task<T> OwnAsync<T>(Task<T> starting)
        where T : IAsyncDisposable
    {
        var started = await starting;
        owned.Add(started);
        return started;
    }

    public async ValueTask DisposeAsync()
    {
        // The app is stopped before this; then from the app side inwards.
        for (var i = owned.Count - 1; i >= 0; i--)
        {
            await owned[i].DisposeAsync();
        }

        owned.Clear();
    }
}
