using Harness.Processes;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace Harness.Targets.Hosting;

/// <summary>
/// A target over HTTP, in any language: runs <see cref="CommandTargetOptions.Command"/> with the worker's database in
/// its environment on a free loopback port, in its own process group with a private <c>TMPDIR</c>, waits until
/// <see cref="CommandTargetOptions.ReadinessPath"/> answers 2xx, and on stop asks the whole group to end (SIGTERM), killing
/// it after <see cref="CommandTargetOptions.StopTimeout"/>; on cancellation or failure it is killed at once. Without a command it only checks that the app at
/// <see cref="CommandTargetOptions.Url"/> is ready. A target that exits first, or is not ready in time, fails with
/// <see cref="TargetStartException"/> and its last output lines; it never hangs the run.
/// </summary>
public sealed class CommandTargetHost : ITargetHost
{
    private const int PortAttempts = 3;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    private readonly CommandTargetOptions options;

    public CommandTargetHost(CommandTargetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.options = options;
    }

    public string Description => options.Command.Count == 0 ? $"app at {options.Url}" : $"command {Shorten(string.Join(' ', options.Command))}";

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";

    public async Task<IRunningTarget> StartAsync(TargetDatabase database, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        for (var attempt = 1; ; attempt++)
        {
            var values = new Dictionary<string, string>(database.Placeholders(), StringComparer.Ordinal)
            {
                ["port"] = FreePort.Pick().ToString(CultureInfo.InvariantCulture),
            };
            try
            {
                return await StartOnceAsync(values, cancellationToken);
            }
            catch (TargetStartException e) when (attempt < PortAttempts && options.Command.Count > 0 && PortWasTaken(e.Output))
            {
                // Another process took the picked port between picking and binding: pick again.
            }
        }
    }

    private async Task<IRunningTarget> StartOnceAsync(IReadOnlyDictionary<string, string> values, CancellationToken cancellationToken)
    {
        var url = BaseAddress(TargetPlaceholders.Fill(options.Url, values));
        var tail = new OutputTail(options.OutputLines);
        var client = TargetHttpClient.Create(url, options.MaxConnections, options.RequestTimeout);
        if (options.Command.Count == 0)
        {
            var external = new ProcessTarget(null, client, url, tail, options.StopTimeout);
            await WaitUntilReadyAsync(external, null, cancellationToken);
            return external;
        }

        var process = Start(values, tail, client);
        var target = new ProcessTarget(process, client, url, tail, options.StopTimeout);
        try
        {
            await WaitUntilReadyAsync(target, process, cancellationToken);
            return target;
        }
        catch
        {
            await target.DisposeAsync();
            throw;
        }
    }

    private ChildProcess Start(IReadOnlyDictionary<string, string> values, OutputTail tail, HttpClient client)
    {
        var start = new ProcessCommand(
            TargetPlaceholders.Fill(options.Command[0], values),
            [.. options.Command.Skip(1).Select(argument => TargetPlaceholders.Fill(argument, values))])
        {
            WorkingDirectory = options.WorkingDirectory ?? Directory.GetCurrentDirectory(),
            Environment = options.Environment.ToDictionary(v => v.Key, v => TargetPlaceholders.Fill(v.Value, values), StringComparer.Ordinal),
            OwnProcessGroup = true,
        };
        try
        {
            return ChildProcess.Start(start, tail);
        }
        catch (Win32Exception e)
        {
            client.Dispose();
            throw new TargetStartException(
                $"target command '{string.Join(' ', options.Command)}' could not start in {start.WorkingDirectory} ({e.Message}); check target.command", null, e);
        }
    }

    private async Task WaitUntilReadyAsync(ProcessTarget target, ChildProcess? process, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var last = "no answer yet";
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process is { HasExited: true })
            {
                await process.SettleAsync();
                throw new TargetStartException(
                    string.Create(CultureInfo.InvariantCulture, $"the target ({Description}) exited with code {process.ExitCode} before it was ready at {target.BaseAddress}"),
                    target.RecentOutput);
            }

            var remaining = options.ReadinessTimeout - stopwatch.Elapsed;
            if (remaining <= TimeSpan.Zero)
            {
                throw new TargetStartException(
                    string.Create(CultureInfo.InvariantCulture,
                        $"the target ({Description}) did not answer GET {options.ReadinessPath} at {target.BaseAddress} with 2xx within {options.ReadinessTimeout.TotalSeconds:0.#} s (last: {last}); raise target.readiness.timeoutSeconds or check target.readiness.path"),
                    target.RecentOutput);
            }

            using (var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                attempt.CancelAfter(remaining < ProbeTimeout ? remaining : ProbeTimeout);
                try
                {
                    using var response = await target.Client.GetAsync(new Uri(target.BaseAddress, options.ReadinessPath.TrimStart('/')), attempt.Token);
                    if (response.IsSuccessStatusCode)
                    {
                        return;
                    }

                    last = string.Create(CultureInfo.InvariantCulture, $"{(int)response.StatusCode} {response.ReasonPhrase}");
                }
                catch (HttpRequestException e)
                {
                    last = e.Message;
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    last = "no answer within the probe timeout";
                }
            }

            using var pause = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            pause.CancelAfter(PollInterval);
            try
            {
                // Wakes early when the process exits, so a crash is reported at once.
                await (process?.WaitForExitAsync(pause.Token) ?? Task.Delay(PollInterval, pause.Token));
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }
        }
    }

    private static Uri BaseAddress(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new TargetConfigurationException($"target.url '{url}' is not an absolute http(s) URL, e.g. http://127.0.0.1:{{port}}") { Subject = "target.url" };
        }

        return uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
    }

    private static bool PortWasTaken(string output) =>
        output.Contains("address already in use", StringComparison.OrdinalIgnoreCase)
        || output.Contains("EADDRINUSE", StringComparison.Ordinal);
}
