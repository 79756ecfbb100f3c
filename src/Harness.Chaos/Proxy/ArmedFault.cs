namespace Harness.Chaos.Proxy;

/// <summary>
/// A fault waiting for its moment on the proxy: the next connection that reaches the point fires it, once. Network toxics
/// (<see cref="FaultKind.Latency"/>, <see cref="FaultKind.Bandwidth"/>, <see cref="FaultKind.Reset"/>,
/// <see cref="FaultKind.Timeout"/>) fire on the next message of a connection drawn with probability <see cref="Toxicity"/>.
/// </summary>
public sealed record ArmedFault(FaultKind Kind)
{
    /// <summary>For <see cref="FaultKind.ErrorReply"/>: the SQLSTATE to answer with (40001, 57P01, 08006).</summary>
    public string SqlState { get; init; } = "40001";

    /// <summary>Only a connection whose tenant context has this value fires it (null: any).</summary>
    public string? TenantValue { get; init; }

    /// <summary>For <see cref="FaultKind.Latency"/>: added to every message in both directions, plus up to <see cref="Jitter"/>.</summary>
    public TimeSpan Latency { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>For <see cref="FaultKind.Latency"/>: random extra delay, drawn from the proxy's seed.</summary>
    public TimeSpan Jitter { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>For <see cref="FaultKind.Bandwidth"/>: bytes per second in each direction.</summary>
    public int BytesPerSecond { get; init; } = 16 * 1024;

    /// <summary>For toxics that last: how long they last on the connection.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>For network toxics: the probability that a connection is affected (Toxiproxy's toxicity).</summary>
    public double Toxicity { get; init; } = 1.0;
}
