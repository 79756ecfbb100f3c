using System.Runtime.InteropServices;

namespace Harness.Cli.Commands;

/// <summary>
/// Ctrl+C (SIGINT) and SIGTERM as a <see cref="CancellationToken"/> the commands run with, in place of System.CommandLine's own
/// handling (which, after its <c>ProcessTerminationTimeout</c>, returns 130 or 143 while the run is still removing what it
/// created). The first signal cancels the token and the command ends by itself: cleanup, <c>error: cancelled</c>, exit 2.
/// A second signal is left to the runtime's default and ends the process at once; the stale-schema collector of a later
/// run removes what that leaves behind.
/// </summary>
internal sealed class TerminationSignals : IDisposable
{
    private readonly CancellationTokenSource source = new();
    private readonly PosixSignalRegistration interrupt;
    private readonly PosixSignalRegistration terminate;
    private int received;

    public TerminationSignals()
    {
        interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
    }

    /// <summary>Cancelled on the first SIGINT or SIGTERM.</summary>
    public CancellationToken Token => source.Token;

    public void Dispose()
    {
        interrupt.Dispose();
        terminate.Dispose();
        source.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        if (Interlocked.Increment(ref received) > 1)
        {
            return;
        }

        context.Cancel = true;
        // Off the signal's thread: a callback registered on the token that throws must fail its own task, not end the process.
        _ = source.CancelAsync();
    }
}
