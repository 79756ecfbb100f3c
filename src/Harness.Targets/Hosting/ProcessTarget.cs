using Harness.Processes;

namespace Harness.Targets.Hosting;

/// <summary>
/// A target the harness started (or, without a process, one that already runs); disposing stops its process group
/// gracefully (SIGTERM, then SIGKILL after <paramref name="stopTimeout"/>) and removes its private temp folder.
/// </summary>
internal sealed class ProcessTarget(ChildProcess? process, HttpClient client, Uri baseAddress, OutputTail output, TimeSpan stopTimeout) : IRunningTarget
{
    private bool disposed;

    public Uri BaseAddress { get; } = baseAddress;

    public HttpClient Client { get; } = client;

    public string Description => process is null ? $"app at {BaseAddress}" : $"pid {process.Id} at {BaseAddress}";

    public string RecentOutput => output.ToString();

    public int? ProcessId => process?.Id;

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

        await process.StopAsync(stopTimeout, CancellationToken.None);
        process.Dispose();
    }
}
