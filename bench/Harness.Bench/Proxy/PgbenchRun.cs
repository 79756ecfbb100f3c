using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace Harness.Bench.Proxy;

/// <summary>One pgbench run's throughput and its per-transaction latencies (from <c>--log</c>), in microseconds.</summary>
internal sealed record PgbenchResult(double Tps, long Transactions, long[] LatenciesMicroseconds);

/// <summary>Runs the <c>pgbench</c> binary against a host and port with the credentials of a connection string.</summary>
internal static partial class PgbenchRun
{
    public static async Task InitializeAsync(string connectionString, int scale, CancellationToken cancellationToken)
    {
        var (exitCode, output, error) = await RunAsync(connectionString, null, Path.GetTempPath(), ["-i", "-q", "-s", scale.ToString(CultureInfo.InvariantCulture)], cancellationToken);
        if (exitCode != 0)
        {
            throw new IOException($"pgbench -i failed ({exitCode}): {error}{output}");
        }
    }

    /// <summary><c>pgbench -S -n -c clients -j threads -T seconds --log</c>: select-only, no vacuum, each transaction logged.</summary>
    public static async Task<PgbenchResult> SelectOnlyAsync(
        string connectionString, string host, int port, int clients, int threads, int seconds, string logFolder, string prefix, CancellationToken cancellationToken)
    {
        string[] arguments =
        [
            "-S", "-n", "-c", clients.ToString(CultureInfo.InvariantCulture), "-j", threads.ToString(CultureInfo.InvariantCulture),
            "-T", seconds.ToString(CultureInfo.InvariantCulture), "--log", $"--log-prefix={prefix}",
        ];
        var (exitCode, output, error) = await RunAsync(connectionString, (host, port), logFolder, arguments, cancellationToken);
        if (exitCode != 0)
        {
            throw new IOException($"pgbench failed ({exitCode}): {error}{output}");
        }

        var tps = TpsPattern().Match(output) is { Success: true } match
            ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)
            : throw new IOException($"pgbench printed no tps line: {output}");
        var latencies = new List<long>();
        foreach (var file in Directory.GetFiles(logFolder, prefix + ".*"))
        {
            foreach (var line in await File.ReadAllLinesAsync(file, cancellationToken))
            {
                // client_id transaction_no time script_no time_epoch time_us: "time" is the latency in microseconds.
                var fields = line.Split(' ');
                if (fields.Length >= 3 && long.TryParse(fields[2], CultureInfo.InvariantCulture, out var micros))
                {
                    latencies.Add(micros);
                }
            }

            File.Delete(file);
        }

        var sorted = latencies.ToArray();
        Array.Sort(sorted);
        return new PgbenchResult(tps, sorted.LongLength, sorted);
    }

    public static double Percentile(long[] sorted, double percentile) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(percentile / 100 * sorted.Length) - 1)];

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(
        string connectionString, (string Host, int Port)? endpoint, string workingDirectory, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo("pgbench")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PGHOST"] = endpoint?.Host ?? builder.Host;
        start.Environment["PGPORT"] = (endpoint?.Port ?? builder.Port).ToString(CultureInfo.InvariantCulture);
        start.Environment["PGUSER"] = builder.Username;
        start.Environment["PGDATABASE"] = builder.Database;
        start.Environment["PGPASSWORD"] = builder.Password ?? string.Empty;
        start.Environment["PGSSLMODE"] = "disable";
        using var process = Process.Start(start) ?? throw new IOException("pgbench could not be started: is it on PATH?");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output, await error);
    }

    [GeneratedRegex(@"tps = ([0-9.]+)")]
    private static partial Regex TpsPattern();
}
