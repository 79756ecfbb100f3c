using System.Collections.Concurrent;
using Harness.Probing;

namespace Harness.Scenarios.Chaos;

/// <summary>An answer that carried another tenant's data.</summary>
internal sealed record LeakSeen(int Tenant, string Route, string Request, int Status, IReadOnlyList<Leak> Leaks, string Phase, TimeSpan At);

/// <summary>A fault the driver set off, and what came of it.</summary>
internal sealed record FaultDone(ScheduledFault Planned, TimeSpan At, string Outcome);

/// <summary>What the run saw, from every thread: leaks, answers per phase, faults done.</summary>
internal sealed class ChaosObservations
{
    private readonly ConcurrentQueue<LeakSeen> leaks = new();
    private readonly ConcurrentQueue<FaultDone> faults = new();
    private readonly ConcurrentDictionary<string, PhaseCounts> phases = new(StringComparer.Ordinal);

    public IReadOnlyList<LeakSeen> Leaks => [.. leaks];

    public IReadOnlyList<FaultDone> Faults => [.. faults];

    public PhaseCounts Phase(string name) => phases.GetOrAdd(name, _ => new PhaseCounts());

    public IReadOnlyDictionary<string, PhaseCounts> Phases => phases;

    public void Leak(LeakSeen leak) => leaks.Enqueue(leak);

    public void Fault(FaultDone fault) => faults.Enqueue(fault);

    /// <summary>The faults done in the <paramref name="window"/> before <paramref name="at"/>, for a finding's evidence.</summary>
    public IReadOnlyList<FaultDone> FaultsBefore(TimeSpan at, TimeSpan window) =>
        [.. faults.Where(f => f.At <= at && f.At >= at - window)];
}

/// <summary>Answers of one phase: sent, answered 2xx-4xx, failed (5xx or no answer), cancelled by the client on purpose.</summary>
internal sealed class PhaseCounts
{
    private long sent;
    private long answered;
    private long failed;
    private long cancelled;

    public long Sent => Interlocked.Read(ref sent);

    public long Answered => Interlocked.Read(ref answered);

    public long Failed => Interlocked.Read(ref failed);

    public long Cancelled => Interlocked.Read(ref cancelled);

    public void Count(int status)
    {
        Interlocked.Increment(ref sent);
        if (status is >= 200 and < 500)
        {
            Interlocked.Increment(ref answered);
        }
        else
        {
            Interlocked.Increment(ref failed);
        }
    }

    public void CountCancelled()
    {
        Interlocked.Increment(ref sent);
        Interlocked.Increment(ref cancelled);
    }
}
