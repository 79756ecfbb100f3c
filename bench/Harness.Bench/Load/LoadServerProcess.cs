using System.Diagnostics;
using System.Globalization;

namespace Harness.Bench.Load;

/// <summary>The <see cref="LoadServer"/> as a child process (this assembly, <c>load-server</c>); killed on dispose.</summary>
internal sealed class LoadServerProcess : IAsyncDisposable
{
    private readonly Process process;

    private LoadServerProcess(Process process, Uri url)
    {
        this.process = process;
        Url = url;
    }

    public Uri Url { get; }

    public int Pid => process.Id;

    /// <summary>Starts the server on a free loopback port; <paramref name="stallAfter"/> plants a stall of <paramref name="stallLength"/> that long after its first request.</summary>
    public static async Task<LoadServerProcess> StartAsync(TimeSpan? stallAfter, TimeSpan stallLength, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = false,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(LoadServer).Assembly.Location);
        start.ArgumentList.Add("load-server");
        start.ArgumentList.Add("--port");
        start.ArgumentList.Add("0");
        if (stallAfter is { } after)
        {
            start.ArgumentList.Add("--stall-after");
            start.ArgumentList.Add(after.TotalSeconds.ToString(CultureInfo.InvariantCulture));
            start.ArgumentList.Add("--stall-seconds");
            start.ArgumentList.Add(stallLength.TotalSeconds.ToString(CultureInfo.InvariantCulture));
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("the load server did not start");
        try
        {
            using var ready = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            ready.CancelAfter(TimeSpan.FromSeconds(30));
            while (await process.StandardOutput.ReadLineAsync(ready.Token) is { } line)
            {
                if (line.StartsWith(LoadServer.ReadyPrefix, StringComparison.Ordinal))
                {
                    return new LoadServerProcess(process, new Uri(line[LoadServer.ReadyPrefix.Length..].Trim()));
                }
            }

            throw new InvalidOperationException($"the load server exited before it was ready (exit code {(process.HasExited ? process.ExitCode : -1)})");
        }
        catch
        {
            Stop(process);
            process.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            process.StandardInput.Close();
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await process.WaitForExitAsync(bound.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException)
        {
            Stop(process);
        }

        process.Dispose();
    }

    private static void Stop(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }
}
