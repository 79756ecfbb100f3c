namespace Harness.Chaos.Proxy;

/// <summary>
/// The proxy's armed faults. A session asks at each point where a kind can fire (<see cref="TryClaim"/>): the first
/// armed fault of that kind whose tenant filter matches the connection's context value, and for which the connection
/// is drawn (once per fault, against its toxicity, from the proxy's seeded random), is claimed and fires there, once.
/// </summary>
internal sealed class FaultInjector
{
    private static readonly HashSet<FaultKind> ProxyKinds =
    [
        FaultKind.CutAfterContext, FaultKind.CutAfterCommitSent, FaultKind.ErrorReply, FaultKind.Reset,
        FaultKind.Timeout, FaultKind.Latency, FaultKind.Bandwidth,
    ];

    private readonly List<ArmedHandle> armed = [];
    private readonly Random random;
    private int armedCount;

    public FaultInjector(int seed)
    {
        random = new Random(seed);
    }

    /// <summary>Cheap check for the relay: nothing to ask when nothing is armed.</summary>
    public bool AnyArmed => Volatile.Read(ref armedCount) > 0;

    public ArmedHandle Arm(ArmedFault fault)
    {
        if (!ProxyKinds.Contains(fault.Kind))
        {
            throw new ChaosProxyException(
                $"The fault {fault.Kind} is not injected by the proxy (it injects {string.Join(", ", ProxyKinds)}); "
                + "terminate backends, restart the cluster or cancel requests through the chaos kit's server and client faults.");
        }

        if (fault.Kind == FaultKind.ErrorReply && (fault.SqlState.Length != 5 || !fault.SqlState.All(char.IsAsciiLetterOrDigit)))
        {
            throw new ChaosProxyException($"The SQLSTATE '{fault.SqlState}' of an ErrorReply fault is not five letters or digits: use e.g. 40001, 57P01 or 08006.");
        }

        if (fault.Toxicity is < 0 or > 1 || fault.Duration < TimeSpan.Zero || fault.Latency < TimeSpan.Zero || fault.Jitter < TimeSpan.Zero
            || (fault.Kind == FaultKind.Bandwidth && fault.BytesPerSecond <= 0))
        {
            throw new ChaosProxyException(
                $"The {fault.Kind} fault is out of range: toxicity must be within 0..1, durations not negative and bytes per second positive.");
        }

        var handle = new ArmedHandle(fault);
        lock (armed)
        {
            armed.Add(handle);
            armedCount = armed.Count;
        }

        return handle;
    }

    /// <summary>Claims the first armed fault of <paramref name="kind"/> that this connection fires, or null.</summary>
    public ArmedHandle? TryClaim(FaultKind kind, int connection, string? contextValue)
    {
        lock (armed)
        {
            armed.RemoveAll(h => !h.IsArmed);
            foreach (var handle in armed)
            {
                if (handle.Fault.Kind != kind
                    || (handle.Fault.TenantValue is { } tenant && !string.Equals(tenant, contextValue, StringComparison.Ordinal))
                    || !handle.Chooses(connection, random.NextDouble))
                {
                    continue;
                }

                if (handle.TryClaim())
                {
                    armed.Remove(handle);
                    armedCount = armed.Count;
                    return handle;
                }
            }

            armedCount = armed.Count;
            return null;
        }
    }

    /// <summary>A jitter draw in [0, <paramref name="jitter"/>] from the seeded random.</summary>
    public TimeSpan Jitter(TimeSpan jitter)
    {
        lock (armed)
        {
            return jitter * random.NextDouble();
        }
    }

    /// <summary>Cancels every fault still armed (the proxy stops).</summary>
    public void DisarmAll()
    {
        lock (armed)
        {
            foreach (var handle in armed)
            {
                handle.Disarm();
            }

            armed.Clear();
            armedCount = 0;
        }
    }
}
