using System.Diagnostics;
using Harness.Tests.Infrastructure;

namespace Harness.Tests.Reporting.Html;

/// <summary>
/// Debian's chromium, run headless on a local file with no network and a throwaway profile, killed (with its child
/// processes) when it takes longer than <see cref="Timeout"/>.
/// </summary>
internal static class HeadlessChromium
{
    /// <summary>Debian's <c>/usr/bin/chromium</c>, or the browser <c>HARNESS_CHROMIUM</c> names.</summary>
    public static readonly string Executable =
        Environment.GetEnvironmentVariable("HARNESS_CHROMIUM") is { Length: > 0 } configured ? configured : "/usr/bin/chromium";

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static readonly SemaphoreSlim Install = new(1, 1);

    private static string? unavailable;

    private static bool checkedOnce;

    /// <summary>
    /// Null when the browser is there (after running scripts/ensure-browser.sh once, which installs Debian's chromium
    /// as root), else why the browser tests cannot run.
    /// </summary>
    public static async Task<string?> UnavailableReasonAsync(CancellationToken cancellationToken)
    {
        if (File.Exists(Executable))
        {
            return null;
        }

        await Install.WaitAsync(cancellationToken);
        try
        {
            if (!checkedOnce)
            {
                unavailable = await InstallAsync(cancellationToken);
                checkedOnce = true;
            }

            return File.Exists(Executable) ? null : unavailable;
        }
        finally
        {
            Install.Release();
        }
    }

    private static async Task<string?> InstallAsync(CancellationToken cancellationToken)
    {
        if (Environment.GetEnvironmentVariable("HARNESS_CHROMIUM") is { Length: > 0 })
        {
            return $"HARNESS_CHROMIUM names {Executable}, which does not exist";
        }

        if (Environment.UserName != "root")
        {
            return $"{Executable} is not installed and installing it needs root; run: sudo bash scripts/ensure-browser.sh (or sudo apt-get install chromium)";
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(5));
        var script = Path.Combine(RepositoryPaths.Root, "scripts", "ensure-browser.sh");
        var result = await CliProcess.RunAsync("bash", [script], RepositoryPaths.Root, null, timeout.Token);
        return File.Exists(Executable)
            ? null
            : $"{Executable} is not installed and scripts/ensure-browser.sh could not install it (exit {result.ExitCode}): {result.Stderr.Trim()}";
    }

    /// <summary>The DOM after the page's scripts ran, serialised as HTML.</summary>
    public static async Task<string> DumpDomAsync(string htmlFile, CancellationToken cancellationToken)
    {
        var result = await RunAsync(["--dump-dom", new Uri(htmlFile).AbsoluteUri], cancellationToken);
        return result.Stdout;
    }

    /// <summary>
    /// The DOM after the page's scripts ran in a window <paramref name="width"/> x <paramref name="height"/>, and every message
    /// the page wrote to the console (a script error, a blocked resource, a policy violation), one per line; none for a clean page.
    /// </summary>
    public static async Task<(string Dom, IReadOnlyList<string> Console)> DumpDomAndConsoleAsync(string htmlFile, int width, int height, CancellationToken cancellationToken)
    {
        var result = await RunAsync(
            ["--enable-logging=stderr", "--v=0", $"--window-size={width},{height}", "--hide-scrollbars", "--dump-dom", new Uri(htmlFile).AbsoluteUri], cancellationToken);
        var console = result.Stderr.Split('\n').Where(l => l.Contains(":CONSOLE", StringComparison.Ordinal)).ToList();
        return (result.Stdout, console);
    }

    /// <summary>Renders the page into a PNG at <paramref name="pngFile"/>, in a window <paramref name="width"/> x <paramref name="height"/>.</summary>
    public static async Task ScreenshotAsync(string htmlFile, string pngFile, int width, int height, CancellationToken cancellationToken) =>
        await RunAsync([$"--screenshot={pngFile}", $"--window-size={width},{height}", "--hide-scrollbars", new Uri(htmlFile).AbsoluteUri], cancellationToken);

    private static async Task<CliProcess.Result> RunAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var profile = Directory.CreateTempSubdirectory("harness-chromium-");
        try
        {
            var start = new ProcessStartInfo(Executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = profile.FullName,
            };
            string[] isolated =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                "--no-default-browser-check", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-extensions", "--disable-default-apps", "--mute-audio", "--metrics-recording-only",
                // No network: no name resolves and anything else would go to a closed local port.
                "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
                $"--user-data-dir={profile.FullName}",
            ];
            foreach (var argument in isolated.Concat(arguments))
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException($"{Executable} did not start");
            var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Timeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
                cancellationToken.ThrowIfCancellationRequested();
                throw new TimeoutException($"chromium did not finish within {Timeout.TotalSeconds:0}s and was killed; stderr:\n{Tail(await stderr)}");
            }

            var result = new CliProcess.Result(process.ExitCode, await stdout, await stderr);
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException($"chromium exited {result.ExitCode}; stderr:\n{Tail(result.Stderr)}");
            }

            return result;
        }
        finally
        {
            try
            {
                profile.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A helper process may still hold a file for a moment; the temp folder is cleaned by the OS.
            }
        }
    }

    private static string Tail(string text) => text.Length <= 4000 ? text : text[^4000..];
}
