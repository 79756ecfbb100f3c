using System.Net.Sockets;

namespace Harness.Chaos.Proxy;

/// <summary>
/// The relay loop of a session and the network toxics applied to its sends. Each direction runs on a thread of its own
/// with blocking socket calls: a reply wakes the relay thread directly, where an awaited receive would wake the socket
/// engine's thread and then queue the relay onto the thread pool, a second hand-off per message batch that costs most of
/// the proxy's added latency on a busy machine (bench/README.md, "Harness.Bench proxy"). Closing the sockets stops them.
/// </summary>
internal sealed partial class ProxiedSession
{
    /// <summary>How each relay ends once its current batch is sent: [0] client to server, [1] server to client.</summary>
    private readonly StopKind[] stops = new StopKind[2];
    private byte[]? fatalReply;
    private TimeSpan freezeFor;
    private ManualResetEventSlim? frozen;
    private bool draining;
    private bool clientGone;
    private FaultKind? toxic;
    private long toxicUntil;
    private ArmedFault? toxicFault;

    /// <summary>Starts relaying one direction on a dedicated thread.</summary>
    private Task StartRelay(MessageFramer source, Socket target, bool toServer) =>
        Task.Factory.StartNew(() => Relay(source, target, toServer), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>
    /// Relays one direction: receives what the socket has, walks the complete messages, hands each to the Frontend or
    /// Backend part and sends runs of forwarded messages with one send. A message larger than the buffer whose content
    /// the proxy never reads (DataRow, CopyData) streams through without being buffered whole.
    /// </summary>
    private void Relay(MessageFramer source, Socket target, bool toServer)
    {
        try
        {
            var passThrough = 0;
            while (true)
            {
                if (passThrough > 0)
                {
                    if (source.Available.Length == 0 && !source.Receive())
                    {
                        return;
                    }

                    var count = Math.Min(passThrough, source.Available.Length);
                    Send(target, source.Available.Span[..count], toServer, 0);
                    source.Consume(count);
                    passThrough -= count;
                    continue;
                }

                if (!HasCompleteMessage(source) && !source.Receive())
                {
                    return;
                }

                var (consumed, stop, needed, streaming) = Process(source.Available, target, toServer);
                source.Consume(consumed);
                passThrough = streaming;
                if (stop)
                {
                    Stop(toServer);
                    return;
                }

                if (needed > 0)
                {
                    source.EnsureCapacity(needed);
                }
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            // The peer or the proxy closed the connection.
        }
    }

    private static bool HasCompleteMessage(MessageFramer source)
    {
        var data = source.Available.Span;
        return data.Length >= 5 && data.Length >= PgWire.Int32(data, 1) + 1;
    }

    private (int Consumed, bool Stop, int Needed, int Streaming) Process(Memory<byte> memory, Socket target, bool toServer)
    {
        var data = memory.Span;
        int offset = 0, runStart = 0, messages = 0;
        while (data.Length - offset >= 5)
        {
            var type = data[offset];
            var length = PgWire.Int32(data, offset + 1);
            var total = length + 1;
            if (length < 4)
            {
                lock (gate)
                {
                    stops[toServer ? 0 : 1] = StopKind.Cut;
                }

                transcript.Add($"! malformed message length {length}: connection closed");
                Send(target, data[runStart..offset], toServer, messages);
                return (offset, true, 0, 0);
            }

            if (data.Length - offset < total)
            {
                if (ReadsContent(type, toServer))
                {
                    Send(target, data[runStart..offset], toServer, messages);
                    return (offset, false, total, 0);
                }

                // Too big to wait for and never read: count it and stream it through.
                Observe(type, toServer);
                Send(target, data[runStart..], toServer, messages + 1);
                return (data.Length, false, 0, total - (data.Length - offset));
            }

            var body = data.Slice(offset + 5, length - 4);
            var verdict = toServer ? Frontend(type, body) : Backend(type, body);
            switch (verdict.Action)
            {
                case RelayAction.Forward:
                    messages++;
                    break;
                case RelayAction.Replace:
                    Send(target, data[runStart..offset], toServer, messages);
                    Send(target, verdict.Replacement, toServer, 1);
                    messages = 0;
                    runStart = offset + total;
                    break;
                case RelayAction.StopBefore:
                    Send(target, data[runStart..offset], toServer, messages);
                    return (offset, true, 0, 0);
            }

            offset += total;
        }

        Send(target, data[runStart..offset], toServer, messages);
        bool stop;
        lock (gate)
        {
            stop = stops[toServer ? 0 : 1] != StopKind.None;
        }

        return (offset, stop, 0, 0);
    }

    /// <summary>Whether the proxy must see a message whole: everything but DataRow and CopyData.</summary>
    private static bool ReadsContent(byte type, bool toServer) => type != (byte)'d' && (toServer || type != (byte)'D');

    /// <summary>Counts a streamed message that is never read (a large DataRow).</summary>
    private void Observe(byte type, bool toServer)
    {
        if (!toServer && type == (byte)'D')
        {
            Backend(type, default);
        }
    }

    private void Send(Socket target, ReadOnlySpan<byte> bytes, bool toServer, int messages)
    {
        if (bytes.IsEmpty)
        {
            return;
        }

        if (Volatile.Read(ref frozen) is { } freeze)
        {
            freeze.Wait();
            throw new OperationCanceledException("The connection timed out (Timeout fault).");
        }

        if (toxic is { } kind && Environment.TickCount64 < Volatile.Read(ref toxicUntil) && toxicFault is { } fault)
        {
            Thread.Sleep(kind == FaultKind.Latency
                ? fault.Latency + proxy.Faults.Jitter(fault.Jitter)
                : TimeSpan.FromSeconds(bytes.Length / (double)fault.BytesPerSecond));
        }

        if (toServer)
        {
            SendAll(target, bytes);
        }
        else
        {
            if (Volatile.Read(ref clientGone))
            {
                return;
            }

            lock (clientWrites)
            {
                SendAll(target, bytes);
            }
        }

        proxy.Counters.Relayed(toServer, messages, bytes.Length);
    }

    private static void SendAll(Socket target, ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            bytes = bytes[target.Send(bytes, SocketFlags.None)..];
        }
    }

    private void Stop(bool toServer)
    {
        StopKind stop;
        lock (gate)
        {
            stop = stops[toServer ? 0 : 1];
        }

        switch (stop)
        {
            case StopKind.Fatal when fatalReply is not null:
                lock (clientWrites)
                {
                    SendAll(client, fatalReply);
                }

                Close(reset: false);
                break;
            case StopKind.Reset:
                Close(reset: true);
                break;
            case StopKind.Freeze:
                // Both relays stop sending (a send waits on this until the connection closes): a silent peer.
                using (var freeze = new ManualResetEventSlim(false))
                {
                    Volatile.Write(ref frozen, freeze);
                    freeze.Wait(freezeFor);
                    Close(reset: false);
                    freeze.Set();
                }

                break;
            case StopKind.CommitCut:
                Volatile.Write(ref clientGone, true);
                Volatile.Write(ref draining, true);
                try
                {
                    client.Shutdown(SocketShutdown.Both);
                }
                catch (SocketException)
                {
                    // The client is gone already.
                }

                client.Close();
                break;
            case StopKind.Terminate:
            case StopKind.Drained:
            case StopKind.Cut:
            default:
                Close(reset: false);
                break;
        }
    }

    /// <summary>Starts a lasting toxic (latency or bandwidth) on this connection for the fault's duration.</summary>
    private void StartToxic(ArmedFault fault)
    {
        toxicFault = fault;
        toxic = fault.Kind;
        Volatile.Write(ref toxicUntil, Environment.TickCount64 + (long)fault.Duration.TotalMilliseconds);
    }
}
