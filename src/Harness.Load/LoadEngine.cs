using System.Diagnostics;

namespace Harness.Load;

/// <summary>
/// The open-model load engine: every stream has its own scheduler loop that sends each request at its intended time
/// whatever the target answers (no rate limiter, whose waiting would be the coordinated omission being measured), with an
/// in-flight cap that drops rather than waits. Latency is recorded from the intended start (corrected), service time
/// from the actual send, and the generator's own send lag; a run that lagged or hit a cap comes back saturated.
/// </summary>
public static class LoadEngine
{
    private static readonly TimeSpan IntervalLength = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan StartLead = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan CancelledSettle = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Runs <paramref name="streams"/> together from one common start. Returns when every schedule has ended (or
    /// <paramref name="cancellationToken"/> fired, which stops scheduling at once) and the in-flight requests finished or
    /// the drain timeout passed; it does not throw on cancellation, the result holds what was measured.
    /// </summary>
    public static async Task<LoadResult> RunAsync(IReadOnlyList<LoadStream> streams, LoadOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(streams);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Validate(streams);

        var runs = streams.Select(s => new StreamRun(s, options)).ToArray();
        using var drained = new CancellationTokenSource();
        using var stopIntervals = new CancellationTokenSource();
        // The common start lies a little ahead, so starting the loops (thread-pool threads, first-call JIT) happens
        // before the first intended start instead of as send lag on the first requests (measured: 10-20 ms otherwise).
        var runStart = Stopwatch.GetTimestamp() + (long)(StartLead.TotalSeconds * Stopwatch.Frequency);

        var intervals = FlushEverySecondAsync(runs, runStart, options, stopIntervals.Token);
        var schedulers = runs.Select(r => Task.Run(() => r.ScheduleAsync(runStart, cancellationToken, drained.Token), CancellationToken.None));
        await Task.WhenAll(schedulers).ConfigureAwait(false);

        await WaitForInFlightAsync(runs, options.DrainTimeout).ConfigureAwait(false);
        await drained.CancelAsync().ConfigureAwait(false);
        await WaitForInFlightAsync(runs, CancelledSettle).ConfigureAwait(false);
        foreach (var run in runs)
        {
            run.AbandonInFlight();
        }

        await stopIntervals.CancelAsync().ConfigureAwait(false);
        await intervals.ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(runStart);
        foreach (var run in runs)
        {
            var interval = run.Flush(elapsed);
            options.OnInterval?.Invoke(interval);
        }

        var results = runs.Select(r => r.ToResult()).ToArray();
        return new LoadResult(results, SaturationReasons(results, streams, options), cancellationToken.IsCancellationRequested, elapsed);
    }

    private static void Validate(IReadOnlyList<LoadStream> streams)
    {
        if (streams.Count == 0)
        {
            throw new LoadConfigurationException("A load run needs at least one stream.");
        }

        foreach (var stream in streams)
        {
            if (stream.MaxInFlight < 1)
            {
                throw new LoadConfigurationException($"Stream {stream.Key}: the in-flight cap must be at least 1, not {stream.MaxInFlight}.");
            }

            if (stream.StartOffset < TimeSpan.Zero)
            {
                throw new LoadConfigurationException($"Stream {stream.Key}: the start offset must be >= 0, not {stream.StartOffset}.");
            }
        }

        var duplicate = streams.GroupBy(s => s.Key, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new LoadConfigurationException($"Two streams are named {duplicate.Key}; give each name and phase pair one stream.");
        }
    }

    private static async Task FlushEverySecondAsync(StreamRun[] runs, long runStart, LoadOptions options, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(IntervalLength);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                var now = Stopwatch.GetElapsedTime(runStart);
                foreach (var run in runs)
                {
                    var interval = run.Flush(now);
                    options.OnInterval?.Invoke(interval);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The run ended; the final flush follows.
        }
    }

    private static async Task WaitForInFlightAsync(StreamRun[] runs, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (runs.Any(r => r.InFlight > 0) && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(5)).ConfigureAwait(false);
        }
    }

    private static string[] SaturationReasons(StreamResult[] results, IReadOnlyList<LoadStream> streams, LoadOptions options)
    {
        var reasons = new List<string>();
        for (var i = 0; i < results.Length; i++)
        {
            var result = results[i];
            if (result.SendLag.Count > 0 && result.SendLag.P99Duration > options.MaxLagP99)
            {
                reasons.Add($"load generator saturated: stream {result.Key} sent its requests late (send lag p99 {result.SendLag.P99Duration.TotalMilliseconds:0.###} ms, bound {options.MaxLagP99.TotalMilliseconds:0.###} ms)");
            }

            if (result.Dropped > 0)
            {
                reasons.Add($"load generator saturated: stream {result.Key} reached its in-flight cap of {streams[i].MaxInFlight} and dropped {result.Dropped} of {result.Offered} requests");
            }
        }

        return [.. reasons];
    }
}
