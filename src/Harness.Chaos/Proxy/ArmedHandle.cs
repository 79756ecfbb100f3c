namespace Harness.Chaos.Proxy;

/// <summary>An armed fault: <see cref="Fired"/> completes with its event when it fires (once), and is cancelled by <see cref="Disarm"/>.</summary>
public sealed class ArmedHandle
{
    private readonly TaskCompletionSource<FaultEvent> fired = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Dictionary<int, bool> drawn = [];
    private int state; // 0 armed, 1 claimed, 2 disarmed

    internal ArmedHandle(ArmedFault fault)
    {
        Fault = fault;
    }

    /// <summary>The fault as armed.</summary>
    public ArmedFault Fault { get; }

    /// <summary>Completes with the fault's event when it fires; cancelled when disarmed (or when the proxy stops) first.</summary>
    public Task<FaultEvent> Fired => fired.Task;

    internal bool IsArmed => Volatile.Read(ref state) == 0;

    /// <summary>Takes the fault back if it has not fired yet.</summary>
    public void Disarm()
    {
        if (Interlocked.CompareExchange(ref state, 2, 0) == 0)
        {
            fired.TrySetCanceled();
        }
    }

    /// <summary>Whether <paramref name="connection"/> is chosen: it draws once against the toxicity and keeps its draw.</summary>
    internal bool Chooses(int connection, Func<double> random)
    {
        if (Fault.Toxicity >= 1.0)
        {
            return true;
        }

        lock (drawn)
        {
            if (!drawn.TryGetValue(connection, out var chosen))
            {
                chosen = random() < Fault.Toxicity;
                drawn[connection] = chosen;
            }

            return chosen;
        }
    }

    internal bool TryClaim() => Interlocked.CompareExchange(ref state, 1, 0) == 0;

    internal void Complete(FaultEvent faultEvent) => fired.TrySetResult(faultEvent);
}
