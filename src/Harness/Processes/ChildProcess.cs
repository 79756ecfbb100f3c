using System.ComponentModel;
using System.Diagnostics;

namespace Harness.Processes;

/// <summary>
/// A process the harness started from a <see cref="ProcessCommand"/>, its stdout and stderr lines kept in a bounded
/// <see cref="OutputTail"/>. <see cref="WaitOrKillAsync(CancellationToken)"/> kills the whole process tree on cancellation
/// or timeout, so no child outlives the step that started it; disposing only releases the handle.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    private static readonly TimeSpan KillWait = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan DefaultSettle = TimeSpan.FromSeconds(2);
    private readonly Process process;

    private ChildProcess(Process process, OutputTail output)
    {
        this.process = process;
        Output = output;
    }

    /// <summary>The last lines the process printed on stdout and stderr, interleaved as they came.</summary>
    public OutputTail Output { get; }

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    /// <summary>The exit code, once <see cref="HasExited"/>.</summary>
    public int ExitCode => process.ExitCode;

    /// <summary>Starts <paramref name="command"/>, its output lines going to <paramref name="output"/>.</summary>
    /// <exception cref="Win32Exception">The program could not be started (not found, not executable, no such folder).</exception>
    public static ChildProcess Start(ProcessCommand command, OutputTail output)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(output);
        var start = new ProcessStartInfo(command.FileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = command.CloseStandardInput,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = command.WorkingDirectory ?? string.Empty,
        };
        foreach (var argument in command.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in command.Environment)
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => output.Add(e.Data);
        process.ErrorDataReceived += (_, e) => output.Add(e.Data);
        try
        {
            process.Start();
        }
        catch
        {
            process.Dispose();
            throw;
        }

        if (command.CloseStandardInput)
        {
            process.StandardInput.Close();
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ChildProcess(process, output);
    }

    /// <summary>Waits until the process exits and its output is read; cancellation kills the process tree, then throws.</summary>
    public async Task<int> WaitOrKillAsync(CancellationToken cancellationToken = default) =>
        await WaitWithinAsync(null, cancellationToken) ?? throw new InvalidOperationException("No timeout was set, yet the wait timed out.");

    /// <summary>
    /// As <see cref="WaitOrKillAsync(CancellationToken)"/>, for at most <paramref name="timeout"/>: the exit code, or null
    /// when the time ran out and the process tree was killed.
    /// </summary>
    public Task<int?> WaitOrKillAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        WaitWithinAsync(timeout, cancellationToken);

    /// <summary>Waits until the process exits or <paramref name="cancellationToken"/> is cancelled, without killing it.</summary>
    public Task WaitForExitAsync(CancellationToken cancellationToken = default) => process.WaitForExitAsync(cancellationToken);

    /// <summary>
    /// Waits at most <paramref name="limit"/> (default 2 s) for the process to exit and its output readers to take the last
    /// lines (a grandchild may keep the pipes open); true when it did. Never kills, never throws.
    /// </summary>
    public async Task<bool> SettleAsync(TimeSpan? limit = null)
    {
        using var bound = new CancellationTokenSource(limit ?? DefaultSettle);
        try
        {
            await process.WaitForExitAsync(bound.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Kills the process and all its descendants; one that has already exited, or is exiting, is left alone.</summary>
    public void KillTree()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited in between.
        }
        catch (Win32Exception)
        {
            // Could not be signalled (it is exiting); the caller's bounded wait deals with what is left.
        }
    }

    public void Dispose() => process.Dispose();

    private async Task<int?> WaitWithinAsync(TimeSpan? timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout is { } time)
        {
            limit.CancelAfter(time);
        }

        try
        {
            await process.WaitForExitAsync(limit.Token);
            return process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            KillTree();
            await SettleAsync(KillWait);
            cancellationToken.ThrowIfCancellationRequested();
            return null;
        }
    }
}
