using Harness.Running;

namespace Harness.Runner;

/// <summary>
/// Which worker each family runs on: families that may share run round-robin on the run's shared workers
/// (<c>--workers</c>), and each family that changes the schema or the server (<see cref="ScenarioNeeds.ExclusiveWorker"/>)
/// gets a worker of its own after them.
/// </summary>
internal sealed class WorkerSchedule
{
    private readonly int[] workerOf;

    private WorkerSchedule(int[] workerOf, int workerCount)
    {
        this.workerOf = workerOf;
        WorkerCount = workerCount;
    }

    /// <summary>How many workers to create (at least one: the run's model and ledger come from worker 0).</summary>
    public int WorkerCount { get; }

    /// <summary>The worker of the family at <paramref name="index"/> in the list the schedule was made for.</summary>
    public int WorkerOf(int index) => workerOf[index];

    public static WorkerSchedule For(IReadOnlyList<IScenario> families, int sharedWorkers)
    {
        ArgumentNullException.ThrowIfNull(families);
        ArgumentOutOfRangeException.ThrowIfLessThan(sharedWorkers, 1);
        var shared = families.Any(f => !f.Needs.HasFlag(ScenarioNeeds.ExclusiveWorker)) ? sharedWorkers : 0;
        var workerOf = new int[families.Count];
        var nextShared = 0;
        var nextExclusive = shared;
        for (var i = 0; i < families.Count; i++)
        {
            workerOf[i] = families[i].Needs.HasFlag(ScenarioNeeds.ExclusiveWorker) ? nextExclusive++ : nextShared++ % shared;
        }

        return new WorkerSchedule(workerOf, Math.Max(1, nextExclusive));
    }
}
