using Harness.Targets;

namespace Harness.Bench;

/// <summary>
/// Wraps a target host so that <paramref name="afterStart"/> (when given) runs against the app as soon as it is ready, before
/// any probe (here: wrk warming the app up), and, when the pipeline stops the target at the end of its scenario,
/// <paramref name="beforeStop"/> runs first against the still-running app and the still-existing worker schema (here: wrk).
/// Their time is recorded so the run's wall time can be reported with and without it. A failure of
/// <paramref name="beforeStop"/> is kept, not thrown, so the run completes; a failure of <paramref name="afterStart"/> fails the start.
/// </summary>
internal sealed class HoldingTargetHost(
    ITargetHost inner,
    Func<TargetDatabase, IRunningTarget, CancellationToken, Task> beforeStop,
    CancellationToken cancellationToken,
    Func<TargetDatabase, IRunningTarget, CancellationToken, Task>? afterStart = null)
    : ITargetHost
{
    private readonly Func<TargetDatabase, IRunningTarget, CancellationToken, Task> beforeStop = beforeStop;
    private readonly CancellationToken cancellationToken = cancellationToken;

    public string Description => inner.Description;

    /// <summary>Time spent in both callbacks: not part of the run.</summary>
    public TimeSpan HoldTime => WarmUpTime + StopHoldTime;

    public TimeSpan WarmUpTime { get; private set; }

    public Exception? Failure { get; private set; }

    private TimeSpan StopHoldTime { get; set; }

    public async Task<IRunningTarget> StartAsync(TargetDatabase database, CancellationToken cancellationToken = default)
    {
        var running = await inner.StartAsync(database, cancellationToken);
        if (afterStart is not null)
        {
            var stopwatch = System.Diagnostics.Stopwatch.StartNew();
            try
            {
                await afterStart(database, running, cancellationToken);
            }
            catch
            {
                await running.DisposeAsync();
                throw;
            }
            finally
            {
                WarmUpTime = stopwatch.Elapsed;
            }
        }

        return new Holding(this, database, running);
    }

    private sealed class Holding(HoldingTargetHost host, TargetDatabase database, IRunningTarget running) : IRunningTarget
    {
        private bool stopped;

        public Uri BaseAddress => running.BaseAddress;

        public HttpClient Client => running.Client;

        public string Description => running.Description;

        public string RecentOutput => running.RecentOutput;

        public async ValueTask DisposeAsync()
        {
            if (stopped)
            {
                return;
            }

            stopped = true;
            var stopwatch = System.Diagnostics.Stopwatch.StartNew();
            try
            {
                if (!host.cancellationToken.IsCancellationRequested)
                {
                    await host.beforeStop(database, running, host.cancellationToken);
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                host.Failure = e;
            }
            finally
            {
                host.StopHoldTime = stopwatch.Elapsed;
                await running.DisposeAsync();
            }
        }
    }
}
