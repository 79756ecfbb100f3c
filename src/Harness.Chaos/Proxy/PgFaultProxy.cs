using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Harness.Chaos.Proxy;

/// <summary>
/// A PostgreSQL-protocol-aware TCP proxy on a loopback port: it relays every connection to the upstream server (or
/// pooler), sees how each one sets its tenant context and which data queries run under which context
/// (<see cref="Events"/>), keeps a redacted transcript per connection, and injects armed faults at message boundaries
/// (<see cref="Arm"/>).
/// </summary>
public sealed class PgFaultProxy : IAsyncDisposable
{
    private const int EventLimit = 100_000;

    private readonly TcpListener listener;
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentDictionary<int, (ProxiedSession Session, Task Run)> sessions = new();
    private readonly ConcurrentDictionary<int, Transcript> transcripts = new();
    private readonly List<ProxyEvent> events = [];
    private Task accepting = Task.CompletedTask;
    private int lastId;
    private volatile bool eventsFull;
    private int disposed;

    private PgFaultProxy(PgProxyOptions options, TcpListener listener)
    {
        Options = options;
        this.listener = listener;
        Classifier = new StatementClassifier(options.Context, options.TenantTables);
        Redactor = new StatementRedactor(Classifier);
        Faults = new FaultInjector(options.Seed);
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The address clients connect to: always the IPv4 loopback.</summary>
    public string Host { get; } = "127.0.0.1";

    /// <summary>The port the proxy listens on (chosen by the OS).</summary>
    public int Port { get; }

    public PgProxyOptions Options { get; }

    /// <summary>Connections, messages and bytes relayed each way, faults fired.</summary>
    public ProxyCounters Counters { get; } = new();

    internal StatementClassifier Classifier { get; }

    internal StatementRedactor Redactor { get; }

    internal FaultInjector Faults { get; }

    /// <summary>Starts listening on 127.0.0.1 on a free port and relaying to <see cref="PgProxyOptions.UpstreamHost"/>.</summary>
    public static Task<PgFaultProxy> StartAsync(PgProxyOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        cancellationToken.ThrowIfCancellationRequested();
        if (string.IsNullOrWhiteSpace(options.UpstreamHost) || options.UpstreamPort is < 1 or > 65535)
        {
            throw new ChaosProxyException(
                $"The fault proxy '{options.Name}' needs an upstream host and a port within 1..65535 (got '{options.UpstreamHost}':{options.UpstreamPort}).");
        }

        if (UpstreamEndpoint.IsUnixSocket(options) && !File.Exists(UpstreamEndpoint.SocketPath(options)))
        {
            throw new ChaosProxyException(
                $"The fault proxy '{options.Name}' forwards to the Unix socket {UpstreamEndpoint.SocketPath(options)}, which does not exist: give the directory the server's unix_socket_directories names and the server's port.");
        }

        if (options.TranscriptLimit < 1)
        {
            throw new ChaosProxyException($"The fault proxy '{options.Name}' keeps at least one transcript line per connection (TranscriptLimit {options.TranscriptLimit}).");
        }

        var listener = new TcpListener(IPAddress.Loopback, 0);
        try
        {
            listener.Start(512);
        }
        catch (SocketException e)
        {
            listener.Dispose();
            throw new ChaosProxyException($"The fault proxy '{options.Name}' could not listen on a loopback port: {e.Message}.", e);
        }

        var proxy = new PgFaultProxy(options, listener);
        proxy.accepting = Task.Factory.StartNew(
            () => proxy.Accept(proxy.stopping.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        return Task.FromResult(proxy);
    }

    /// <summary>Every event so far, in order (the first 100,000 are kept).</summary>
    public IReadOnlyList<ProxyEvent> Events()
    {
        lock (events)
        {
            return [.. events];
        }
    }

    /// <summary>The connections open now.</summary>
    public IReadOnlyList<ProxiedConnection> Connections() =>
        [.. sessions.Values.Select(s => s.Session.Snapshot()).OrderBy(c => c.Id)];

    /// <summary>The redacted transcript of a connection (kept after it closes); empty for an unknown id.</summary>
    public IReadOnlyList<string> TranscriptOf(int connection) =>
        transcripts.TryGetValue(connection, out var transcript) ? transcript.Lines(Redactor) : [];

    /// <summary>Arms a fault: it fires once, at the next point where a matching connection reaches it.</summary>
    /// <exception cref="ChaosProxyException">The kind is not one the proxy injects, or a value is out of range.</exception>
    public ArmedHandle Arm(ArmedFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        return Faults.Arm(fault);
    }

    /// <summary>Stops listening, closes every connection and cancels the faults still armed.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        await stopping.CancelAsync();
        listener.Stop();
        foreach (var (session, _) in sessions.Values)
        {
            session.Close(reset: false);
        }

        await accepting;
        await Task.WhenAll(sessions.Values.Select(s => s.Run));
        Faults.DisarmAll();
        listener.Dispose();
        stopping.Dispose();
    }

    /// <summary>Whether another event would be kept (sessions skip building the ones that would not).</summary>
    internal bool KeepsEvents => !eventsFull;

    internal void Record(ProxyEvent proxyEvent)
    {
        lock (events)
        {
            if (events.Count < EventLimit)
            {
                events.Add(proxyEvent);
            }

            eventsFull = events.Count >= EventLimit;
        }
    }

    /// <summary>Accepts connections on a dedicated thread, each served by a thread of its own (see <see cref="ProxiedSession.Run"/>).</summary>
    private void Accept(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = listener.AcceptSocket();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            Counters.Connection();
            var id = Interlocked.Increment(ref lastId);
            var transcript = transcripts.GetOrAdd(id, _ => new Transcript(Options.TranscriptLimit));
            var session = new ProxiedSession(this, id, socket, transcript);
            var run = new Task(() => RunSession(session, cancellationToken), TaskCreationOptions.LongRunning);
            sessions[id] = (session, run);
            run.Start(TaskScheduler.Default);
            if (cancellationToken.IsCancellationRequested)
            {
                session.Close(reset: false);
            }
        }
    }

    private void RunSession(ProxiedSession session, CancellationToken cancellationToken)
    {
        try
        {
            session.Run(cancellationToken);
        }
        finally
        {
            sessions.TryRemove(session.Id, out _);
            session.Dispose();
        }
    }
}
