using System.Diagnostics;
using HdrHistogram;

namespace Harness.Load;

/// <summary>
/// One stream while it runs: its scheduler loop, its in-flight requests and what they record. Recording is lock-free
/// (HdrHistogram recorders and interlocked counters); once a second <see cref="Flush"/> moves the interval histograms
/// into the totals and keeps a per-second summary.
/// </summary>
internal sealed class StreamRun
{
    private readonly LoadStream stream;
    private readonly LoadOptions options;
    private readonly Recorder latencyRecorder = LatencyHistograms.CreateRecorder();
    private readonly Recorder serviceRecorder = LatencyHistograms.CreateRecorder();
    private readonly Recorder lagRecorder = LatencyHistograms.CreateRecorder();
    private readonly LongHistogram latencyTotal = LatencyHistograms.Create();
    private readonly LongHistogram serviceTotal = LatencyHistograms.Create();
    private readonly LongHistogram lagTotal = LatencyHistograms.Create();
    private readonly List<LoadInterval> intervals = [];
    private readonly Lock flushLock = new();
    private readonly LongHistogram latencyInterval = LatencyHistograms.Create();
    private readonly LongHistogram serviceInterval = LatencyHistograms.Create();
    private readonly LongHistogram lagInterval = LatencyHistograms.Create();
    private TimeSpan lastFlush;
    private long lastOffered;
    private StatusCounts lastStatuses;

    private long offered;
    private long dropped;
    private long success;
    private long tooMany;
    private long other;
    private long errors;
    private long timeouts;
    private long unfinished;
    private int inFlight;

    public StreamRun(LoadStream stream, LoadOptions options)
    {
        this.stream = stream;
        this.options = options;
    }

    public int InFlight => Volatile.Read(ref inFlight);

    /// <summary>Waits for each intended start and launches the request without awaiting it; returns when the schedule ends or <paramref name="stop"/> fires.</summary>
    public async Task ScheduleAsync(long runStart, CancellationToken stop, CancellationToken drained)
    {
        var offsetTicks = Stopwatch.Frequency * stream.StartOffset.Ticks / TimeSpan.TicksPerSecond;
        foreach (var intended in stream.Schedule.IntendedStarts())
        {
            var target = runStart + offsetTicks + (Stopwatch.Frequency * intended.Ticks / TimeSpan.TicksPerSecond);
            if (!await PreciseWait.UntilAsync(target, options.SpinWindow, stop).ConfigureAwait(false))
            {
                return;
            }

            Interlocked.Increment(ref offered);
            if (Volatile.Read(ref inFlight) >= stream.MaxInFlight)
            {
                // Open model: never wait for a free slot (that wait is coordinated omission); admit the arrival was not sent.
                Interlocked.Increment(ref dropped);
                continue;
            }

            // Only this loop increments, so the check above cannot be overtaken.
            Interlocked.Increment(ref inFlight);
            var sent = Stopwatch.GetTimestamp();
            lagRecorder.RecordValue(LatencyHistograms.Clamp(Microseconds(sent - target)));
            _ = SendOneAsync(target, sent, drained);
        }
    }

    private async Task SendOneAsync(long intended, long sent, CancellationToken drained)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(drained);
        timeout.CancelAfter(options.RequestTimeout);
        var actualSend = ActualSend.Begin();
        try
        {
            var status = await stream.SendAsync(timeout.Token).ConfigureAwait(false);
            var completed = Stopwatch.GetTimestamp();
            latencyRecorder.RecordValue(LatencyHistograms.Clamp(Microseconds(completed - intended)));
            serviceRecorder.RecordValue(LatencyHistograms.Clamp(Microseconds(completed - actualSend.Or(sent))));
            Interlocked.Increment(ref status is >= 200 and < 300 ? ref success : ref status == 429 ? ref tooMany : ref other);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            Interlocked.Increment(ref drained.IsCancellationRequested ? ref unfinished : ref timeouts);
        }
#pragma warning disable CA1031 // Any failure of the target's send is a measured outcome (an error), never the engine's.
        catch (Exception)
#pragma warning restore CA1031
        {
            Interlocked.Increment(ref errors);
        }
        finally
        {
            Interlocked.Decrement(ref inFlight);
        }
    }

    /// <summary>Moves what was recorded since the last flush into the totals and summarises that interval.</summary>
    public LoadInterval Flush(TimeSpan now)
    {
        lock (flushLock)
        {
            latencyRecorder.GetIntervalHistogramInto(latencyInterval);
            serviceRecorder.GetIntervalHistogramInto(serviceInterval);
            lagRecorder.GetIntervalHistogramInto(lagInterval);
            latencyTotal.Add(latencyInterval);
            serviceTotal.Add(serviceInterval);
            lagTotal.Add(lagInterval);

            var statuses = Statuses();
            var currentOffered = Interlocked.Read(ref offered);
            var interval = new LoadInterval(
                stream.Key,
                lastFlush,
                now,
                currentOffered - lastOffered,
                new StatusCounts(
                    statuses.Success - lastStatuses.Success,
                    statuses.TooManyRequests - lastStatuses.TooManyRequests,
                    statuses.Other - lastStatuses.Other,
                    statuses.Errors - lastStatuses.Errors,
                    statuses.Timeouts - lastStatuses.Timeouts,
                    statuses.Unfinished - lastStatuses.Unfinished),
                LatencySummary.Of(latencyInterval));
            intervals.Add(interval);
            lastFlush = now;
            lastOffered = currentOffered;
            lastStatuses = statuses;
            return interval;
        }
    }

    /// <summary>Counts the requests still outstanding after the drain as unfinished.</summary>
    public void AbandonInFlight() => Interlocked.Add(ref unfinished, Interlocked.Exchange(ref inFlight, 0));

    /// <summary>The stream's result; call after the final <see cref="Flush"/>.</summary>
    public StreamResult ToResult()
    {
        lock (flushLock)
        {
            var offeredCount = Interlocked.Read(ref offered);
            var droppedCount = Interlocked.Read(ref dropped);
            return new StreamResult
            {
                Key = stream.Key,
                Name = stream.Name,
                Phase = stream.Phase,
                Offered = offeredCount,
                Sent = offeredCount - droppedCount,
                Dropped = droppedCount,
                Duration = stream.Schedule.Duration,
                Statuses = Statuses(),
                Latency = LatencySummary.Of(latencyTotal),
                ServiceTime = LatencySummary.Of(serviceTotal),
                SendLag = LatencySummary.Of(lagTotal),
                LatencyHistogram = latencyTotal.Copy(),
                ServiceTimeHistogram = serviceTotal.Copy(),
                SendLagHistogram = lagTotal.Copy(),
                Intervals = [.. intervals],
            };
        }
    }

    private StatusCounts Statuses() => new(
        Interlocked.Read(ref success),
        Interlocked.Read(ref tooMany),
        Interlocked.Read(ref other),
        Interlocked.Read(ref errors),
        Interlocked.Read(ref timeouts),
        Interlocked.Read(ref unfinished));

    private static long Microseconds(long stopwatchTicks) => stopwatchTicks * 1_000_000 / Stopwatch.Frequency;
}
