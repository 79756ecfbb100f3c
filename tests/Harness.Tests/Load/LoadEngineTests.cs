using FluentAssertions;
using Harness.Load;

namespace Harness.Tests.Load;

/// <summary>
/// The engine against in-process delegates, in real time. Assertions are on counts and on gaps of hundreds of
/// milliseconds, never on how punctual a shared 2-core machine is: saturation from lag is only asserted where the test
/// forces a lag of hundreds of milliseconds.
/// </summary>
public sealed class LoadEngineTests
{
    private static readonly LoadOptions Options = new() { DrainTimeout = TimeSpan.FromSeconds(2) };

    [Fact]
    public async Task Against_an_immediate_target_it_sends_exactly_the_scheduled_count_and_reports_its_lag()
    {
        var schedule = ArrivalSchedule.Constant(200, TimeSpan.FromSeconds(1));
        var stream = new LoadStream("tenant-a", "steady", schedule, _ => Task.FromResult(200));
        var intervals = new List<LoadInterval>();

        var result = await LoadEngine.RunAsync([stream], Options with { OnInterval = intervals.Add }, TestContext.Current.CancellationToken);

        var measured = result["tenant-a/steady"];
        var scheduled = schedule.IntendedStarts().Count();
        measured.Offered.Should().Be(scheduled);
        measured.Sent.Should().Be(scheduled);
        measured.Dropped.Should().Be(0);
        measured.Statuses.Should().Be(new StatusCounts(scheduled, 0, 0, 0, 0, 0));
        measured.Latency.Count.Should().Be(scheduled);
        measured.ServiceTime.Count.Should().Be(scheduled);
        measured.SendLag.Count.Should().Be(scheduled, "every send records its lag");
        measured.SendLag.P99.Should().BeGreaterThanOrEqualTo(0).And.BeLessThanOrEqualTo(measured.SendLag.Max);
        measured.AchievedRate.Should().Be(200);
        result.Cancelled.Should().BeFalse();
        intervals.Sum(i => i.Offered).Should().Be(scheduled, "the per-second snapshots add up to the run");
        measured.Intervals.Should().Equal(intervals);
    }

    [Fact]
    public async Task A_client_that_cannot_send_while_it_waits_shows_the_stall_in_corrected_latency_and_not_in_service_time()
    {
        // wrk2's case: a client holding one connection cannot send request n+1 until request n has answered. Here the
        // delegate serialises on a SemaphoreSlim(1) *before* it sends (synchronously, on the scheduler loop, as a
        // blocked connection would), and one request stalls 500 ms. The ~50 arrivals due during the stall go out late,
        // all at once when it ends. Measured from when they were actually sent (service time, the naive figure) they
        // are instant; measured from when they should have been sent (corrected latency) they waited up to 500 ms. So
        // 1 request of 200 carries the stall in service time (below p99) and about a quarter in corrected latency.
        using var connection = new SemaphoreSlim(1);
        var stall = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var release = new Timer(_ => stall.TrySetResult());
        var sent = 0;
        var stream = new LoadStream("tenant-a", "stall", ArrivalSchedule.Constant(100, TimeSpan.FromSeconds(2)), async cancellationToken =>
        {
            connection.Wait(cancellationToken);
            try
            {
                if (Interlocked.Increment(ref sent) == 20)
                {
                    release.Change(TimeSpan.FromMilliseconds(500), Timeout.InfiniteTimeSpan);
                    await stall.Task.WaitAsync(cancellationToken);
                }

                return 200;
            }
            finally
            {
                connection.Release();
            }
        });

        var result = await LoadEngine.RunAsync([stream], Options, TestContext.Current.CancellationToken);

        var measured = result["tenant-a/stall"];
        measured.Sent.Should().Be(200);
        measured.Latency.P99.Should().BeGreaterThanOrEqualTo(400_000, "corrected latency counts the time queued behind the stall");
        measured.ServiceTime.P99.Should().BeLessThan(400_000, "the naive figure starts the clock once the client got to send");
        measured.ServiceTime.Max.Should().BeGreaterThanOrEqualTo(400_000, "the stalled request itself is slow either way");
        measured.SendLag.P99.Should().BeGreaterThanOrEqualTo(300_000);
        result.Saturated.Should().BeTrue();
        result.SaturationReasons.Should().ContainSingle().Which.Should().Contain("send lag p99").And.Contain("tenant-a/stall");
    }

    [Fact]
    public async Task An_open_model_keeps_sending_through_a_stall_so_only_the_stalled_request_is_slow()
    {
        // The same stall without the serialising client: arrivals keep going out on time, so neither figure's p99 moves.
        var stall = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var release = new Timer(_ => stall.TrySetResult());
        var sent = 0;
        var stream = new LoadStream("tenant-a", "stall", ArrivalSchedule.Constant(100, TimeSpan.FromSeconds(2)), async cancellationToken =>
        {
            if (Interlocked.Increment(ref sent) == 20)
            {
                release.Change(TimeSpan.FromMilliseconds(500), Timeout.InfiniteTimeSpan);
                await stall.Task.WaitAsync(cancellationToken);
            }

            return 200;
        });

        var result = await LoadEngine.RunAsync([stream], Options, TestContext.Current.CancellationToken);

        var measured = result["tenant-a/stall"];
        measured.Sent.Should().Be(200);
        measured.Latency.Max.Should().BeGreaterThanOrEqualTo(400_000);
        measured.Latency.P99.Should().BeLessThan(400_000);
        measured.SendLag.P99.Should().BeLessThan(300_000);
    }

    [Fact]
    public async Task Reaching_the_in_flight_cap_drops_arrivals_instead_of_waiting_and_saturates_the_run()
    {
        var never = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var stream = new LoadStream("tenant-a", "flood", ArrivalSchedule.Constant(100, TimeSpan.FromMilliseconds(300)), ct => never.Task.WaitAsync(ct), MaxInFlight: 5);

        var result = await LoadEngine.RunAsync([stream], Options with { DrainTimeout = TimeSpan.FromMilliseconds(100) }, TestContext.Current.CancellationToken);

        var measured = result["tenant-a/flood"];
        measured.Offered.Should().Be(30);
        measured.Sent.Should().Be(5);
        measured.Dropped.Should().Be(25);
        measured.Statuses.Unfinished.Should().Be(5, "the drain timeout cancelled the requests still outstanding");
        measured.Latency.Count.Should().Be(0);
        result.Saturated.Should().BeTrue();
        result.SaturationReasons.Should().Contain(r => r.Contains("in-flight cap of 5", StringComparison.Ordinal) && r.Contains("dropped 25 of 30", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Statuses_are_counted_as_2xx_429_other_errors_and_timeouts()
    {
        var n = 0;
        var stream = new LoadStream("tenant-a", "mixed", ArrivalSchedule.Constant(100, TimeSpan.FromMilliseconds(500)), async ct =>
        {
            switch (Interlocked.Increment(ref n) % 5)
            {
                case 0: return 200;
                case 1: return 429;
                case 2: return 503;
                case 3: throw new HttpRequestException("connection refused");
                default:
                    await Task.Delay(Timeout.InfiniteTimeSpan, ct);
                    return 200;
            }
        });

        var result = await LoadEngine.RunAsync([stream], Options with { RequestTimeout = TimeSpan.FromMilliseconds(100) }, TestContext.Current.CancellationToken);

        result["tenant-a/mixed"].Statuses.Should().Be(new StatusCounts(10, 10, 10, 10, 10, 0));
        result["tenant-a/mixed"].Latency.Count.Should().Be(30, "only answers carry a latency");
    }

    [Fact]
    public async Task Cancelling_stops_scheduling_at_once_and_keeps_what_was_measured()
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancel.CancelAfter(TimeSpan.FromMilliseconds(300));
        var stream = new LoadStream("tenant-a", "soak", ArrivalSchedule.Constant(100, TimeSpan.FromSeconds(60)), _ => Task.FromResult(200));

        var result = await LoadEngine.RunAsync([stream], Options, cancel.Token);

        result.Cancelled.Should().BeTrue();
        result.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10), "a 60 s schedule stopped long before its end");
        result["tenant-a/soak"].Sent.Should().BeInRange(1, 1_000);
        result["tenant-a/soak"].Statuses.Success.Should().Be(result["tenant-a/soak"].Sent);
    }

    [Fact]
    public async Task Streams_run_side_by_side_from_one_start_each_with_its_own_results()
    {
        var streams = new[]
        {
            new LoadStream("tenant-a", "flood", ArrivalSchedule.Constant(150, TimeSpan.FromMilliseconds(400)), _ => Task.FromResult(429)),
            new LoadStream("tenant-b", "baseline", ArrivalSchedule.Constant(50, TimeSpan.FromMilliseconds(400)), _ => Task.FromResult(200)),
            new LoadStream("tenant-b", "recovery", ArrivalSchedule.Constant(50, TimeSpan.FromMilliseconds(200)), _ => Task.FromResult(200), StartOffset: TimeSpan.FromMilliseconds(400)),
        };

        var result = await LoadEngine.RunAsync(streams, Options, TestContext.Current.CancellationToken);

        result.Streams.Select(s => s.Key).Should().Equal("tenant-a/flood", "tenant-b/baseline", "tenant-b/recovery");
        result["tenant-a/flood"].Statuses.TooManyRequests.Should().Be(60);
        result["tenant-b/baseline"].Statuses.Success.Should().Be(20);
        result["tenant-b/recovery"].Statuses.Success.Should().Be(10);
        result.Elapsed.Should().BeGreaterThan(TimeSpan.FromMilliseconds(550), "the recovery phase starts after its offset");
    }

    [Fact]
    public async Task Two_streams_with_one_name_and_phase_are_refused()
    {
        var stream = new LoadStream("tenant-a", "flood", ArrivalSchedule.Constant(10, TimeSpan.FromSeconds(1)), _ => Task.FromResult(200));

        var run = () => LoadEngine.RunAsync([stream, stream], Options, TestContext.Current.CancellationToken);

        (await run.Should().ThrowAsync<LoadConfigurationException>()).Which.Message.Should().Contain("tenant-a/flood");
    }
}
