using System.ComponentModel;
using System.Diagnostics;

namespace Harness.Processes;

/// <summary>
/// A process the harness started from a <see cref="ProcessCommand"/>, its stdout and stderr lines kept in a bounded
/// <see cref="OutputTail"/>. <see cref="WaitOrKillAsync(CancellationToken)"/> kills the whole process tree on cancellation
/// or timeout, so no child outlives the step that started it. A child with <see cref="ProcessCommand.OwnProcessGroup"/>
/// leads its own process group: <see cref="StopAsync"/> asks the whole group to end (SIGTERM) before it kills it, and
/// disposing kills what is left of the group, forgets its record and deletes its private temp folder; otherwise disposing
/// only releases the handle.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    private static readonly TimeSpan KillWait = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan DefaultSettle = TimeSpan.FromSeconds(2);
    private readonly Process process;
    private readonly ChildRegistry? registry;
    private ChildRecord? record;

    private ChildProcess(Process process, OutputTail output, ChildRegistry? registry, string? privateTemp)
    {
        this.process = process;
        Output = output;
        this.registry = registry;
        PrivateTempFolder = privateTemp;
    }

    /// <summary>The child's own <c>TMPDIR</c> (deleted on dispose), or null when it shares the harness's.</summary>
    public string? PrivateTempFolder { get; }

    /// <summary>The child's process group id when it leads its own group, else null.</summary>
    public int? ProcessGroup => record is { Group: > 0 } r ? r.Group : null;

    /// <summary>The last lines the process printed on stdout and stderr, interleaved as they came.</summary>
    public OutputTail Output { get; }

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    /// <summary>The exit code, once <see cref="HasExited"/>.</summary>
    public int ExitCode => process.ExitCode;

    /// <summary>
    /// Starts <paramref name="command"/>, its output lines going to <paramref name="output"/>; a child with its own process
    /// group is written down in <paramref name="registry"/> (default: <see cref="ChildRegistry.Default"/>).
    /// </summary>
    /// <exception cref="Win32Exception">The program could not be started (not found, not executable, no such folder).</exception>
    public static ChildProcess Start(ProcessCommand command, OutputTail output, ChildRegistry? registry = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(output);
        if (!command.OwnProcessGroup)
        {
            return Launch(command, command.FileName, [], output, null, null);
        }

        var launcher = SessionLauncher.Program;
        var program = launcher is null ? command.FileName : SessionLauncher.Resolve(command.FileName, command.WorkingDirectory);
        registry ??= ChildRegistry.Default;
        var privateTemp = registry.CreatePrivateTemp();
        ChildProcess child;
        try
        {
            child = launcher is null
                ? Launch(command, program, [], output, registry, privateTemp)
                : Launch(command, launcher, [program], output, registry, privateTemp);
        }
        catch
        {
            Directory.Delete(privateTemp, recursive: true);
            throw;
        }

        child.record = new ChildRecord(child.Id, ProcessIdentity.StartTimeUtc(child.Id) is { } s && s != DateTime.MinValue ? s : DateTime.UtcNow, launcher is null ? 0 : child.Id, privateTemp);
        registry.Record(child.record);
        return child;
    }

    private static ChildProcess Launch(
        ProcessCommand command, string fileName, IReadOnlyList<string> leading, OutputTail output, ChildRegistry? registry, string? privateTemp)
    {
        var start = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = command.CloseStandardInput,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = command.WorkingDirectory ?? string.Empty,
        };
        foreach (var argument in leading.Concat(command.Arguments))
        {
            start.ArgumentList.Add(argument);
        }

        if (privateTemp is not null)
        {
            // Runtimes put their debugger pipes and diagnostic sockets here (.NET: clr-debug-pipe-*, dotnet-diagnostic-*).
            foreach (var name in new[] { "TMPDIR", "TMP", "TEMP" })
            {
                start.Environment[name] = privateTemp;
            }
        }

        foreach (var (name, value) in command.Environment)
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) =>
        {
            output.Add(e.Data);
            command.StandardOutput?.Add(e.Data);
        };
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
        return new ChildProcess(process, output, registry, privateTemp);
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

    /// <summary>
    /// Stops the child: SIGTERM to its process group (or to it alone), up to <paramref name="grace"/> for it to exit, then
    /// SIGKILL to the group and the tree. A program that cleans up on SIGTERM (a .NET app removing its diagnostic pipes,
    /// a server closing its connections) gets to.
    /// </summary>
    public async Task StopAsync(TimeSpan grace, CancellationToken cancellationToken = default)
    {
        if (!process.HasExited)
        {
            if (ProcessGroup is { } group)
            {
                Signals.ToGroup(group, Signals.Terminate);
            }

            Signals.ToProcess(process.Id, Signals.Terminate);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(grace);
            try
            {
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // It did not end in time: killed below.
            }
        }

        KillTree();
        await SettleAsync(KillWait);
    }

    /// <summary>
    /// Kills the process and all its descendants (and, when it leads a process group, every process of the group, also
    /// after the leader has exited); one that has already exited, or is exiting, is left alone.
    /// </summary>
    public void KillTree()
    {
        if (ProcessGroup is { } group && record!.StillOurs())
        {
            Signals.ToGroup(group, Signals.Kill);
        }

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

    public void Dispose()
    {
        if (record is not null)
        {
            KillTree();
            registry!.Forget(record);
        }
        else if (PrivateTempFolder is not null)
        {
            registry?.Forget(new ChildRecord(0, DateTime.MinValue, 0, PrivateTempFolder));
        }

        process.Dispose();
    }

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
