using Harness.Processes;
using System.ComponentModel;
using System.Diagnostics;

namespace Harness.Targets.Hosting;

/// <summary>A target the harness started (or, without a process, one that already runs); disposing kills its process tree.</summary>
internal sealed class ProcessTarget(Process? process, HttpClient client, Uri baseAddress, OutputTail output) : IRunningTarget
{
    private bool disposed;

    public Uri BaseAddress { get; } = baseAddress;

    public HttpClient Client { get; } = client;

    public string Description => process is null ? $"app at {BaseAddress}" : $"pid {process.Id} at {BaseAddress}";

    public string RecentOutput => output.ToString();

    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        Client.Dispose();
        if (process is null)
        {
            return;
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
            // Could not be signalled (it is exiting); WaitForExit below bounds the wait.
        }

        await CommandTargetHost.DrainAsync(process);
        process.Dispose();
    }
}
