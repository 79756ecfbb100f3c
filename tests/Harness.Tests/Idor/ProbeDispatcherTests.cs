using FluentAssertions;
using Harness.Scenarios.Idor;

namespace Harness.Tests.Idor;

/// <summary>
/// The dispatcher behind the IDOR phases: never two units on one tenant at once, never more than the concurrency, and a
/// unit waiting for a busy tenant does not hold back later units that could run. Driven by gates the test opens, not by time.
/// </summary>
public sealed class ProbeDispatcherTests
{
    private sealed record Unit(string Name, int[] Tenants);

    [Fact]
    public async Task A_unit_on_a_busy_tenant_waits_while_later_units_on_free_tenants_run()
    {
        var units = new[] { new Unit("a", [0, 1]), new Unit("b", [0, 2]), new Unit("c", [3, 4]) };
        var gates = units.ToDictionary(u => u.Name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        var started = units.ToDictionary(u => u.Name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        var order = new List<string>();
        var dispatcher = new ProbeDispatcher<Unit>(units, u => u.Tenants, concurrency: 3);

        var run = dispatcher.RunAsync(async (unit, token) =>
        {
            lock (order)
            {
                order.Add(unit.Name);
            }

            started[unit.Name].TrySetResult();
            await gates[unit.Name].Task.WaitAsync(token);
        }, TestContext.Current.CancellationToken);

        await Task.WhenAll(started["a"].Task, started["c"].Task).WaitAsync(TestContext.Current.CancellationToken);
        gates["c"].SetResult();
        started["b"].Task.IsCompleted.Should().BeFalse("b needs tenant 0, which a holds, though workers are free");
        order.Should().Equal(["a", "c"], "the second worker passes over b and takes c");

        gates["a"].SetResult();
        await started["b"].Task.WaitAsync(TestContext.Current.CancellationToken);
        gates["b"].SetResult();
        await run.WaitAsync(TestContext.Current.CancellationToken);
        order.Should().Equal(["a", "c", "b"]);
    }

    [Fact]
    public async Task Runs_every_unit_once_never_past_the_concurrency_and_never_two_on_one_tenant()
    {
        var random = new Random(7);
        var units = Enumerable.Range(0, 400).Select(i => new Unit($"u{i}", [.. new[] { random.Next(10), random.Next(10) }.Distinct()])).ToList();
        var running = new List<Unit>();
        var ran = new List<string>();
        var maxInFlight = 0;
        var clash = (string?)null;
        var dispatcher = new ProbeDispatcher<Unit>(units, u => u.Tenants, concurrency: 4);

        await dispatcher.RunAsync(async (unit, token) =>
        {
            lock (running)
            {
                clash ??= running.FirstOrDefault(r => r.Tenants.Intersect(unit.Tenants).Any()) is { } other ? $"{unit.Name} ran with {other.Name}" : null;
                running.Add(unit);
                ran.Add(unit.Name);
                maxInFlight = Math.Max(maxInFlight, running.Count);
            }

            await Task.Yield();
            lock (running)
            {
                running.Remove(unit);
            }
        }, TestContext.Current.CancellationToken);

        clash.Should().BeNull();
        maxInFlight.Should().BeInRange(1, 4);
        ran.Should().BeEquivalentTo(units.Select(u => u.Name));
    }

    [Fact]
    public async Task The_first_failure_stops_the_other_workers_and_is_what_the_caller_sees()
    {
        var units = Enumerable.Range(0, 100).Select(i => new Unit($"u{i}", [])).ToList();
        var ran = 0;
        using var othersStarted = new CountdownEvent(2);
        var dispatcher = new ProbeDispatcher<Unit>(units, u => u.Tenants, concurrency: 3);

        var act = () => dispatcher.RunAsync(async (unit, token) =>
        {
            Interlocked.Increment(ref ran);
            if (unit.Name != "u0")
            {
                othersStarted.Signal();
                await Task.Delay(Timeout.Infinite, token);
            }

            await Task.Run(othersStarted.Wait, token);
            throw new InvalidOperationException("the target stopped answering");
        }, TestContext.Current.CancellationToken);

        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("the target stopped answering");
        ran.Should().Be(3, "the two workers waiting in u1 and u2 are cancelled and take no further unit");
    }
}
