namespace Harness.Chaos.Proxy;

/// <summary>What a proxy has relayed so far (thread-safe, read at any time).</summary>
public sealed class ProxyCounters
{
    private long connections;
    private long messagesToServer;
    private long messagesToClient;
    private long bytesToServer;
    private long bytesToClient;
    private long faultsFired;

    /// <summary>Client connections accepted (cancel requests included).</summary>
    public long Connections => Interlocked.Read(ref connections);

    public long MessagesToServer => Interlocked.Read(ref messagesToServer);

    public long MessagesToClient => Interlocked.Read(ref messagesToClient);

    public long BytesToServer => Interlocked.Read(ref bytesToServer);

    public long BytesToClient => Interlocked.Read(ref bytesToClient);

    public long FaultsFired => Interlocked.Read(ref faultsFired);

    internal void Connection() => Interlocked.Increment(ref connections);

    internal void Fault() => Interlocked.Increment(ref faultsFired);

    internal void Relayed(bool toServer, int messages, int bytes)
    {
        if (toServer)
        {
            Interlocked.Add(ref messagesToServer, messages);
            Interlocked.Add(ref bytesToServer, bytes);
        }
        else
        {
            Interlocked.Add(ref messagesToClient, messages);
            Interlocked.Add(ref bytesToClient, bytes);
        }
    }
}
