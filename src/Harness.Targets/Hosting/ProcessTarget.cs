using Harness.Processes;

namespace Harness.Targets.Hosting;

/// <summary>A target the harness started (or, without a process, one that already runs); disposing kills its process tree.</summary>
internal sealed class ProcessTarget(ChildProcess? process, HttpClient client, Uri baseAddress, OutputTail output) : IRunningTarget
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

        process.KillTree();
        await process.SettleAsync();
        process.Dispose();
    }
}
