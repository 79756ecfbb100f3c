using System.Net.Sockets;

namespace Harness.Chaos.Proxy;

/// <summary>
/// One client connection through the proxy: the startup phase (TLS and GSS requests refused with 'N', cancel requests
/// forwarded, the startup message rewritten), then two relays, client to server and server to client, that frame the
/// messages, watch the ones that matter (<see cref="ProxiedSession"/>'s Frontend and Backend parts) and inject the
/// faults armed on the proxy. State shared by the two relays is guarded by one lock; no I/O happens under it.
/// </summary>
internal sealed partial class ProxiedSession : IDisposable
{
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(30);

    private readonly PgFaultProxy proxy;
    private readonly PgProxyOptions options;
    private readonly Socket client;
    private readonly Socket upstream;
    private readonly Transcript transcript;
    private readonly object gate = new();
    private readonly object clientWrites = new();
    private readonly ContextTracker tracker;
    private string? user;
    private string? database;
    private int? backendPid;
    private string? clientTag;
    private int closed;

    public ProxiedSession(PgFaultProxy proxy, int id, Socket client, Transcript transcript)
    {
        this.proxy = proxy;
        options = proxy.Options;
        Id = id;
        this.client = client;
        this.transcript = transcript;
        upstream = UpstreamEndpoint.NewSocket(options);
        client.NoDelay = true;
        tracker = new ContextTracker(proxy.Classifier.ContextSettings);
    }

    public int Id { get; }

    /// <summary>The client this connection serves now: the tag from application_name (<c>c17</c>) or its own id.</summary>
    private string CurrentClient => clientTag ?? $"c{Id}";

    public ProxiedConnection Snapshot()
    {
        lock (gate)
        {
            return new ProxiedConnection(Id, backendPid, user, database, tracker.CurrentValue, tracker.InTransaction, clientTag);
        }
    }

    /// <summary>
    /// Runs the connection on the calling (dedicated) thread: the startup phase, then the client-to-server relay here and
    /// the server-to-client relay on a second thread. Every socket call blocks: a .NET socket that has seen one async
    /// call only emulates blocking calls through the socket engine's thread, which costs the hand-off the threads avoid.
    /// </summary>
    public void Run(CancellationToken cancellationToken)
    {
        using var clientFramer = new MessageFramer(client);
        using var stop = cancellationToken.Register(() => Close(reset: false));
        try
        {
            var startup = ReadStartup(clientFramer);
            if (startup is null)
            {
                return;
            }

            UpstreamEndpoint.Connect(upstream, options);
            upstream.Send(startup);
            using var upstreamFramer = new MessageFramer(upstream);
            var toClient = StartRelay(upstreamFramer, client, toServer: false);
            Relay(clientFramer, upstream, toServer: true);
            if (Volatile.Read(ref draining))
            {
                // The COMMIT went upstream and the client was cut: let the server's reply come (and the commit finish).
                toClient.Wait(DrainLimit, CancellationToken.None);
            }

            Close(reset: false);
            toClient.Wait(CancellationToken.None);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException)
        {
            transcript.Add($"! {e.GetType().Name}: {e.Message}");
        }
        finally
        {
            Close(reset: false);
        }
    }

    public void Dispose() => Close(reset: false);

    /// <summary>Closes both sockets (with RST when <paramref name="reset"/>), once.</summary>
    public void Close(bool reset)
    {
        if (Interlocked.Exchange(ref closed, 1) == 1)
        {
            return;
        }

        foreach (var socket in new[] { client, upstream })
        {
            try
            {
                if (reset)
                {
                    socket.LingerState = new LingerOption(true, 0);
                }
                else if (socket.Connected)
                {
                    socket.Shutdown(SocketShutdown.Both);
                }
            }
            catch (SocketException)
            {
                // Already gone.
            }
            catch (ObjectDisposedException)
            {
                // Already gone.
            }

            socket.Dispose();
        }
    }

    /// <summary>
    /// Answers TLS/GSS requests with 'N', forwards a cancel request, and returns the startup message to send upstream
    /// (rewritten per the options), or null when the connection ends in the startup phase.
    /// </summary>
    private byte[]? ReadStartup(MessageFramer framer)
    {
        while (true)
        {
            if (!framer.ReceiveAtLeast(4))
            {
                return null;
            }

            var length = PgWire.Int32(framer.Available.Span, 0);
            if (length is < 8 or > 64 * 1024 || !framer.ReceiveAtLeast(length))
            {
                return null;
            }

            var message = StartupMessage.Parse(framer.Available.Span[4..length]);
            var raw = framer.Available[..length].ToArray();
            framer.Consume(length);
            if (message.Code is StartupMessage.SslRequestCode or StartupMessage.GssEncRequestCode)
            {
                client.Send([(byte)'N']);
                continue;
            }

            if (message.Code == StartupMessage.CancelRequestCode)
            {
                transcript.Add("> cancel request (forwarded)");
                ForwardCancel(raw);
                return null;
            }

            if (!message.IsProtocol3)
            {
                return null;
            }

            return Rewrite(message);
        }
    }

    private byte[] Rewrite(StartupMessage message)
    {
        foreach (var name in options.RemoveStartupParameters)
        {
            message.Remove(name);
        }

        foreach (var (name, value) in options.AddStartupParameters)
        {
            message.Set(name, value);
        }

        lock (gate)
        {
            user = message["user"];
            database = message["database"] ?? user;
            if (options.TagApplicationName)
            {
                message.Set("application_name", $"{message["application_name"]}#c{Id}");
                clientTag = $"c{Id}";
            }
            else
            {
                clientTag = ClientTags.Parse(message["application_name"]);
            }
        }

        transcript.Add($"> startup user={user} database={database} application_name={message["application_name"]}");
        return message.Encode();
    }

    private void ForwardCancel(byte[] request)
    {
        using var cancel = UpstreamEndpoint.NewSocket(options);
        cancel.ReceiveTimeout = 5000;
        UpstreamEndpoint.Connect(cancel, options);
        cancel.Send(request);
        try
        {
            // The server closes the connection once it has handled the request.
            cancel.Receive(new byte[1]);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut)
        {
            // It did not close in time; the request was delivered anyway.
        }
    }
}
