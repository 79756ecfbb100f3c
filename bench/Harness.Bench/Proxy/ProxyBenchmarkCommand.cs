using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Harness.Bench.Load;
using Harness.Chaos.Proxy;
using Harness.Provisioning;
using Npgsql;

namespace Harness.Bench.Proxy;

/// <summary>
/// <c>Harness.Bench proxy</c>: the fault proxy's overhead. <c>pgbench -S</c> (select-only) on a scratch database, once
/// straight at the server and once through a <see cref="PgFaultProxy"/> with no fault armed, in alternating rounds;
/// reports the tps ratio (goal at least 0.8) and the latency the proxy adds at p50 (goal under 0.2 ms) and p99
/// (bench/README.md). Exit 0 when measured (goals met or not: read the summary), 2 when it could not run.
/// </summary>
internal static class ProxyBenchmarkCommand
{
    public const string Usage =
        "usage: Harness.Bench proxy [--rounds 3] [--seconds 10] [--clients 4] [--threads 2] [--scale 5] [--postgres local|<connection string>] [--upstream tcp|unix] [--timeout-minutes 15]";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            Console.WriteLine(Usage);
            return 0;
        }

        var rounds = Arguments.Int(args, "--rounds", 3);
        var seconds = Arguments.Int(args, "--seconds", 10);
        var clients = Arguments.Int(args, "--clients", 4);
        var threads = Arguments.Int(args, "--threads", 2);
        var scale = Arguments.Int(args, "--scale", 5);
        var postgres = Arguments.Value(args, "--postgres") ?? "local";
        var upstream = Arguments.Value(args, "--upstream") ?? "tcp";
        if (upstream is not ("tcp" or "unix") || (upstream == "unix" && postgres != "local"))
        {
            Console.Error.WriteLine("error: --upstream is tcp or unix (unix: the proxy forwards to the local cluster's socket, so only with --postgres local)");
            return 2;
        }

        using var cancellation = new CancellationTokenSource(TimeSpan.FromMinutes(Arguments.Double(args, "--timeout-minutes", 15)));
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };

        var clock = Stopwatch.StartNew();
        void Report(string line) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{clock.Elapsed.TotalSeconds,7:0.00}s] {line}"));
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, load average {MachineLoad.Average()}");
        var logs = Directory.CreateTempSubdirectory("harness-bench-proxy-");
        try
        {
            IPostgresProvider provider = postgres == "local" ? new LocalClusterProvider(new LocalClusterOptions()) : new ExternalServerProvider(postgres);
            await using var server = await provider.StartAsync(cancellation.Token);
            Report($"PostgreSQL: {provider.Name}");
            var database = $"h_bench_proxy_{Guid.NewGuid():N}"[..30];
            await ExecuteAsync(server.AdminConnectionString, $"CREATE DATABASE \"{database}\"", CancellationToken.None);
            try
            {
                var target = new NpgsqlConnectionStringBuilder(server.AdminConnectionString) { Database = database }.ConnectionString;
                await PgbenchRun.InitializeAsync(target, scale, cancellation.Token);
                Report($"pgbench -i -s {scale} in the scratch database {database}");
                // The proxy's upstream: the server's TCP port, or (unix) its socket, which spares that hop the loopback TCP stack.
                var socketDirectory = upstream == "unix" ? ((LocalCluster)server).DataDirectory : null;
                Report($"the proxy forwards over {(socketDirectory is null ? "TCP" : $"the Unix socket in {socketDirectory}")}; pgbench connects over TCP both ways");
                var result = await MeasureAsync(target, socketDirectory, rounds, seconds, clients, threads, logs.FullName, Report, cancellation.Token);
                Console.WriteLine();
                result.Print(Console.Out, rounds, seconds, clients, threads, scale);
                Console.WriteLine($"load average at the end: {MachineLoad.Average()}");
                return 0;
            }
            finally
            {
                await ExecuteAsync(server.AdminConnectionString, $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", CancellationToken.None);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Console.Error.WriteLine($"error: {(cancellation.IsCancellationRequested ? "timed out or cancelled: " : "")}{e}");
            return 2;
        }
        finally
        {
            logs.Delete(recursive: true);
        }
    }

    private static async Task<ProxyBenchResult> MeasureAsync(
        string target, string? socketDirectory, int rounds, int seconds, int clients, int threads, string logs, Action<string> report, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(target);
        // As the chaos family runs it: tenant tables and a context setting known, so every statement is classified.
        await using var proxy = await PgFaultProxy.StartAsync(
            new PgProxyOptions
            {
                UpstreamHost = socketDirectory ?? builder.Host!,
                UpstreamPort = builder.Port,
                Name = "bench",
                Context = new TenantContextSettings { Settings = ["app.tenant_id"] },
                TenantTables = new HashSet<string>(["pgbench_accounts", "pgbench_branches", "pgbench_tellers"], StringComparer.OrdinalIgnoreCase),
            },
            cancellationToken);

        report("warm-up: 3 s direct and 3 s through the proxy, not measured");
        await PgbenchRun.SelectOnlyAsync(target, builder.Host!, builder.Port, clients, threads, 3, logs, "warm_direct", cancellationToken);
        await PgbenchRun.SelectOnlyAsync(target, proxy.Host, proxy.Port, clients, threads, 3, logs, "warm_proxy", cancellationToken);

        var result = new ProxyBenchResult();
        for (var round = 1; round <= rounds; round++)
        {
            // Alternate which goes first, so a drift of the machine's load does not favour one side.
            foreach (var viaProxy in round % 2 == 1 ? new[] { false, true } : [true, false])
            {
                var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                var run = await PgbenchRun.SelectOnlyAsync(
                    target, viaProxy ? proxy.Host : builder.Host!, viaProxy ? proxy.Port : builder.Port, clients, threads, seconds, logs,
                    $"r{round}_{(viaProxy ? "proxy" : "direct")}", cancellationToken);
                (viaProxy ? result.Proxy : result.Direct).Add(run);
                if (viaProxy)
                {
                    // This process does nothing else while pgbench runs: its CPU time is the proxy's.
                    result.ProxyCpu += Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
                }

                report(string.Create(CultureInfo.InvariantCulture,
                    $"round {round} {(viaProxy ? "proxy " : "direct")}: {run.Tps,9:0.0} tps, p50 {PgbenchRun.Percentile(run.LatenciesMicroseconds, 50) / 1000,6:0.000} ms, "
                    + $"p99 {PgbenchRun.Percentile(run.LatenciesMicroseconds, 99) / 1000,6:0.000} ms ({run.Transactions} transactions)"));
            }
        }

        result.ProxyMessages = proxy.Counters.MessagesToServer + proxy.Counters.MessagesToClient;
        result.ProxyEvents = proxy.Events().Count;
        return result;
    }

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
