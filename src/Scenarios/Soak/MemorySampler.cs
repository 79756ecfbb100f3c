using System.Diagnostics;

namespace Harness.Scenarios.Soak;

/// <summary>Samples the app's resident memory once a second while the load runs: x seconds since <see cref="Start"/>, y MB.</summary>
internal sealed class MemorySampler(int processId) : IAsyncDisposable
{
    private readonly List<(double X, double Y)> samples = [];
    private readonly CancellationTokenSource stop = new();
    private Task? loop;
    private long started;

    /// <summary>Starts sampling now (x = 0 is this moment).</summary>
    public void Start()
    {
        started = Stopwatch.GetTimestamp();
        loop = Task.Run(() => SampleAsync(stop.Token));
    }

    /// <summary>Stops sampling and returns the samples in order.</summary>
    public async Task<IReadOnlyList<(double X, double Y)>> StopAsync()
    {
        await stop.CancelAsync();
        if (loop is not null)
        {
            await loop;
        }

        lock (samples)
        {
            return [.. samples];
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        stop.Dispose();
    }

    private async Task SampleAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            do
            {
                if (ProcessMemory.ResidentMegabytes(processId) is { } megabytes)
                {
                    lock (samples)
                    {
                        samples.Add((Stopwatch.GetElapsedTime(started).TotalSeconds, megabytes));
                    }
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The load ended.
        }
    }
}
