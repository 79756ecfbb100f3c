using System.Runtime.ExceptionServices;

namespace Harness.Scenarios.Idor;

/// <summary>
/// Runs units of work with at most <c>concurrency</c> in flight, never two at once that hold the same tenant. Each free
/// worker takes the earliest unit whose tenants are all free (not simply the next one: units in plan order often share
/// their attacker, and taking them in order would make every worker wait on one tenant). Units without tenants never wait.
/// </summary>
internal sealed class ProbeDispatcher<TUnit>(IReadOnlyList<TUnit> units, Func<TUnit, IReadOnlyCollection<int>> tenantsOf, int concurrency)
{
    private readonly Lock gate = new();
    private readonly LinkedList<TUnit> pending = new(units);
    private readonly HashSet<int> busy = [];
    private TaskCompletionSource released = NewSignal();

    public async Task RunAsync(Func<TUnit, CancellationToken, Task> run, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        // The first failure stops the other workers instead of letting them run the rest of the plan.
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var workers = Enumerable.Range(0, Math.Min(concurrency, Math.Max(units.Count, 1))).Select(async _ =>
        {
            try
            {
                await WorkAsync(run, failed.Token);
            }
            catch
            {
                await failed.CancelAsync();
                throw;
            }
        }).ToList();
        try
        {
            await Task.WhenAll(workers);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Cancelled because another worker failed: surface that worker's exception, not the cancellation.
            ExceptionDispatchInfo.Throw(workers.Select(w => w.Exception?.InnerException).First(e => e is not null and not OperationCanceledException)!);
            throw;
        }
    }

    private async Task WorkAsync(Func<TUnit, CancellationToken, Task> run, CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            LinkedListNode<TUnit>? node;
            Task nextRelease;
            lock (gate)
            {
                if (pending.Count == 0)
                {
                    return;
                }

                node = FirstRunnable();
                nextRelease = released.Task;
                if (node is not null)
                {
                    pending.Remove(node);
                    busy.UnionWith(tenantsOf(node.Value));
                }
            }

            if (node is null)
            {
                await nextRelease.WaitAsync(cancellationToken);
                continue;
            }

            var unit = node.Value;
            var tenants = tenantsOf(unit);

            try
            {
                await run(unit, cancellationToken);
            }
            finally
            {
                TaskCompletionSource signal;
                lock (gate)
                {
                    busy.ExceptWith(tenants);
                    signal = released;
                    released = NewSignal();
                }

                signal.TrySetResult();
            }
        }
    }

    private LinkedListNode<TUnit>? FirstRunnable()
    {
        for (var node = pending.First; node is not null; node = node.Next)
        {
            if (!tenantsOf(node.Value).Any(busy.Contains))
            {
                return node;
            }
        }

        return null;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
