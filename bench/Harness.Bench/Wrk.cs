using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Harness.Bench;

/// <summary>What one wrk run reported.</summary>
internal sealed record WrkResult(double RequestsPerSecond, long Requests, long NonSuccess, long SocketErrors, string Output)
{
    /// <summary>wrk's latency percentiles (with <c>--latency</c>), e.g. 50 and 99; empty without it.</summary>
    public IReadOnlyDictionary<double, TimeSpan> Percentiles { get; init; } = new Dictionary<double, TimeSpan>();
}

/// <summary>Runs <c>wrk</c> (bounded: its own duration plus a grace period, then killed) and parses its summary.</summary>
internal static partial class Wrk
{
    public static bool Installed() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, "wrk")));

    /// <summary>Runs wrk on <paramref name="url"/> with <paramref name="header"/> on every request, or with a Lua <paramref name="script"/> that writes the requests.</summary>
    public static async Task<WrkResult> RunAsync(Uri url, string? header, int threads, int connections, int seconds, CancellationToken cancellationToken, string? script = null, bool latency = false)
    {
        var start = new ProcessStartInfo("wrk")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "-t", threads.ToString(CultureInfo.InvariantCulture),
            "-c", connections.ToString(CultureInfo.InvariantCulture),
            "-d", seconds.ToString(CultureInfo.InvariantCulture) + "s",
            "--timeout", "5s",
        }
            .Concat(header is null ? [] : ["-H", header])
            .Concat(script is null ? [] : ["-s", script])
            .Concat(latency ? ["--latency"] : [])
            .Append(url.AbsoluteUri))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start");
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(TimeSpan.FromSeconds(seconds + 30));
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(bound.Token);
            var error = process.StandardError.ReadToEndAsync(bound.Token);
            await process.WaitForExitAsync(bound.Token);
            var text = await output + await error;
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"wrk exited with {process.ExitCode}: {text}");
            }

            return Parse(text);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
    }

    public static WrkResult Parse(string text)
    {
        var rate = RateLine().Match(text);
        var total = TotalLine().Match(text);
        if (!rate.Success || !total.Success)
        {
            throw new InvalidOperationException($"could not read wrk's Requests/sec in: {text}");
        }

        var nonSuccess = NonSuccessLine().Match(text);
        var socket = SocketErrorsLine().Match(text);
        var socketErrors = socket.Success
            ? socket.Groups.Values.Skip(1).Sum(g => long.Parse(g.Value, CultureInfo.InvariantCulture))
            : 0;
        return new WrkResult(
            double.Parse(rate.Groups[1].Value, CultureInfo.InvariantCulture),
            long.Parse(total.Groups[1].Value, CultureInfo.InvariantCulture),
            nonSuccess.Success ? long.Parse(nonSuccess.Groups[1].Value, CultureInfo.InvariantCulture) : 0,
            socketErrors,
            text.Trim())
        {
            Percentiles = PercentileLine().Matches(text).ToDictionary(
                m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture),
                m => Duration(double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), m.Groups[3].Value)),
        };
    }

    // wrk prints durations as 1.23us, 4.56ms, 1.20s or 2.00m.
    private static TimeSpan Duration(double value, string unit) => unit switch
    {
        "us" => TimeSpan.FromMicroseconds(value),
        "ms" => TimeSpan.FromMilliseconds(value),
        "s" => TimeSpan.FromSeconds(value),
        _ => TimeSpan.FromMinutes(value),
    };

    [GeneratedRegex(@"Requests/sec:\s+([0-9.]+)")]
    private static partial Regex RateLine();

    [GeneratedRegex(@"([0-9]+) requests in")]
    private static partial Regex TotalLine();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+([0-9]+)")]
    private static partial Regex NonSuccessLine();

    // The "Latency Distribution" block of --latency: "     99%    1.23ms".
    [GeneratedRegex(@"^\s+([0-9.]+)%\s+([0-9.]+)(us|ms|s|m)\s*$", RegexOptions.Multiline)]
    private static partial Regex PercentileLine();

    [GeneratedRegex(@"Socket errors: connect ([0-9]+), read ([0-9]+), write ([0-9]+), timeout ([0-9]+)")]
    private static partial Regex SocketErrorsLine();
}
