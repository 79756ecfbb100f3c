using System.Net.Sockets;

namespace Harness.Chaos.Proxy;

/// <summary>The relay loop of a session and the network toxics applied to its sends.</summary>
internal sealed partial class ProxiedSession
{
    /// <summary>How each relay ends once its current batch is sent: [0] client to server, [1] server to client.</summary>
    private readonly StopKind[] stops = new StopKind[2];
    private byte[]? fatalReply;
    private TimeSpan freezeFor;
    private Task? frozen;
    private bool draining;
    private bool clientGone;
    private FaultKind? toxic;
    private long toxicUntil;
    private ArmedFault? toxicFault;

    /// <summary>
    /// Relays one direction: receives what the socket has, walks the complete messages, hands each to the Frontend or
    /// Backend part and sends runs of forwarded messages with one send. A message larger than the buffer whose content
    /// the proxy never reads (DataRow, CopyData) streams through without being buffered whole.
    /// </summary>
    private async Task RelayAsync(MessageFramer source, Socket target, bool toServer, CancellationToken cancellationToken)
    {
        try
        {
            var passThrough = 0;
            while (true)
            {
                if (passThrough > 0)
                {
                    if (source.Available.Length == 0 && !await source.ReceiveAsync(cancellationToken))
                    {
                        return;
                    }

                    var count = Math.Min(passThrough, source.Available.Length);
                    await SendAsync(target, source.Available[..count], toServer, 0, cancellationToken);
                    source.Consume(count);
                    passThrough -= count;
                    continue;
                }

                if (!HasCompleteMessage(source) && !await source.ReceiveAsync(cancellationToken))
                {
                    return;
                }

                var (consumed, stop, needed, streaming) = await ProcessAsync(source.Available, target, toServer, cancellationToken);
                source.Consume(consumed);
                passThrough = streaming;
                if (stop)
                {
                    await StopAsync(toServer, cancellationToken);
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

    private async Task<(int Consumed, bool Stop, int Needed, int Streaming)> ProcessAsync(
        Memory<byte> data, Socket target, bool toServer, CancellationToken cancellationToken)
    {
        int offset = 0, runStart = 0, messages = 0;
        while (data.Length - offset >= 5)
        {
            var type = data.Span[offset];
            var length = PgWire.Int32(data.Span, offset + 1);
            var total = length + 1;
            if (length < 4)
            {
                lock (gate)
                {
                    stops[toServer ? 0 : 1] = StopKind.Cut;
                }

                transcript.Add($"! malformed message length {length}: connection closed");
                await SendAsync(target, data[runStart..offset], toServer, messages, cancellationToken);
                return (offset, true, 0, 0);
            }

            if (data.Length - offset < total)
            {
                if (ReadsContent(type, toServer))
                {
                    await SendAsync(target, data[runStart..offset], toServer, messages, cancellationToken);
                    return (offset, false, total, 0);
                }

                // Too big to wait for and never read: count it and stream it through.
                Observe(type, toServer);
                await SendAsync(target, data[runStart..], toServer, messages + 1, cancellationToken);
                return (data.Length, false, 0, total - (data.Length - offset));
            }

            var body = data.Slice(offset + 5, length - 4);
            var verdict = toServer ? Frontend(type, body.Span) : Backend(type, body.Span);
            switch (verdict.Action)
            {
                case RelayAction.Forward:
                    messages++;
                    break;
                case RelayAction.Replace:
                    await SendAsync(target, data[runStart..offset], toServer, messages, cancellationToken);
                    await SendAsync(target, verdict.Replacement, toServer, 1, cancellationToken);
                    messages = 0;
                    runStart = offset + total;
                    break;
                case RelayAction.StopBefore:
                    await SendAsync(target, data[runStart..offset], toServer, messages, cancellationToken);
                    return (offset, true, 0, 0);
            }

            offset += total;
        }

        await SendAsync(target, data[runStart..offset], toServer, messages, cancellationToken);
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

    private async ValueTask SendAsync(Socket target, ReadOnlyMemory<byte> bytes, bool toServer, int messages, CancellationToken cancellationToken)
    {
        if (bytes.IsEmpty)
        {
            return;
        }

        if (Volatile.Read(ref frozen) is { } freeze)
        {
            await freeze;
            throw new OperationCanceledException("The connection timed out (Timeout fault).");
        }

        if (toxic is { } kind && Environment.TickCount64 < Volatile.Read(ref toxicUntil) && toxicFault is { } fault)
        {
            var delay = kind == FaultKind.Latency
                ? fault.Latency + proxy.Faults.Jitter(fault.Jitter)
                : TimeSpan.FromSeconds(bytes.Length / (double)fault.BytesPerSecond);
            await Task.Delay(delay, cancellationToken);
        }

        if (toServer)
        {
            await target.SendAsync(bytes, SocketFlags.None, cancellationToken);
        }
        else
        {
            if (Volatile.Read(ref clientGone))
            {
                return;
            }

            await clientWrites.WaitAsync(cancellationToken);
            try
            {
                await target.SendAsync(bytes, SocketFlags.None, cancellationToken);
            }
            finally
            {
                clientWrites.Release();
            }
        }

        proxy.Counters.Relayed(toServer, messages, bytes.Length);
    }

    private async Task StopAsync(bool toServer, CancellationToken cancellationToken)
    {
        StopKind stop;
        lock (gate)
        {
            stop = stops[toServer ? 0 : 1];
        }

        switch (stop)
        {
            case StopKind.Fatal when fatalReply is not null:
                await clientWrites.WaitAsync(cancellationToken);
                try
                {
                    await client.SendAsync(fatalReply, SocketFlags.None, cancellationToken);
                }
                finally
                {
                    clientWrites.Release();
                }

                Close(reset: false);
                break;
            case StopKind.Reset:
                Close(reset: true);
                break;
            case StopKind.Freeze:
                var freeze = Task.Delay(freezeFor, cancellationToken);
                Volatile.Write(ref frozen, freeze);
                await freeze;
                Close(reset: false);
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
