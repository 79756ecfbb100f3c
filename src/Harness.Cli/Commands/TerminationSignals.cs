using System.Runtime.InteropServices;

namespace Harness.Cli.Commands;

/// <summary>
/// Ctrl+C (SIGINT) and SIGTERM as a <see cref="CancellationToken"/> the commands run with, in place of System.CommandLine's own
/// handling (which, after its <c>ProcessTerminationTimeout</c>, returns 130 or 143 while the run is still removing what it
/// created). The first signal cancels the token and the command ends by itself: cleanup, <c>error: cancelled</c>, exit 2.
/// A second signal is left to the runtime's default and ends the process at once; the stale-schema collector of a later
/// run removes what that leaves behind. A command that measures over time (<c>harness soak</c>) asks for one more step with
/// <see cref="StopOnFirstInterrupt"/>: then the first Ctrl+C only stops it early (it still reports), and the next signal cancels.
/// </summary>
internal sealed class TerminationSignals : IDisposable
{
    private readonly CancellationTokenSource source = new();
    private readonly PosixSignalRegistration interrupt;
    private readonly PosixSignalRegistration terminate;
    private readonly CancellationTokenSource stop = new();
    private int received;
    private int stopRequested;
    private volatile bool stopFirst;

    public TerminationSignals()
    {
        interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
    }

    /// <summary>Cancelled on the first SIGINT or SIGTERM.</summary>
    public CancellationToken Token => source.Token;

    /// <summary>
    /// From now on the first SIGINT cancels the returned token (stop early, keep what was measured) instead of
    /// <see cref="Token"/>; a later SIGINT, or SIGTERM at any time, cancels <see cref="Token"/> as before.
    /// </summary>
    public CancellationToken StopOnFirstInterrupt()
    {
        stopFirst = true;
        return stop.Token;
    }

    public void Dispose()
    {
        interrupt.Dispose();
        terminate.Dispose();
        source.Dispose();
        stop.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        if (stopFirst && context.Signal == PosixSignal.SIGINT && Interlocked.Exchange(ref stopRequested, 1) == 0)
        {
            context.Cancel = true;
            _ = stop.CancelAsync();
            return;
        }

        if (Interlocked.Increment(ref received) > 1)
        {
            return;
        }

        context.Cancel = true;
        // Off the signal's thread: a callback registered on the token that throws must fail its own task, not end the process.
        _ = source.CancelAsync();
    }
}
