using System.Diagnostics;

namespace Harness.Load;

/// <summary>Waits until a Stopwatch timestamp: Task.Delay for the coarse part, then a yielding spin for the last <c>spinWindow</c>.</summary>
internal static class PreciseWait
{
    /// <summary>Returns true at <paramref name="target"/> (at once when it has passed), false when <paramref name="stop"/> fired first.</summary>
    public static async ValueTask<bool> UntilAsync(long target, TimeSpan spinWindow, CancellationToken stop)
    {
        var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), target);
        if (remaining > spinWindow)
        {
            try
            {
                await Task.Delay(remaining - spinWindow, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return false;
            }
        }

        var spinner = default(SpinWait);
        while (Stopwatch.GetTimestamp() < target)
        {
            if (stop.IsCancellationRequested)
            {
                return false;
            }

            // Never Thread.Sleep(1): it would wake a timer tick late.
            spinner.SpinOnce(sleep1Threshold: -1);
        }

        return !stop.IsCancellationRequested;
    }
}
