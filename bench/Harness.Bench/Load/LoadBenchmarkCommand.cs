using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Harness.Bench.Load;

/// <summary>
/// <c>Harness.Bench load</c>: the load engine's accuracy against wrk, the coordinated-omission demonstration and the
/// bounded-memory soak, against <see cref="LoadServer"/> processes on loopback ports (bench/README.md).
/// Exit 0 when measured (goals met or not: read the summary), 2 when it could not run.
/// </summary>
internal static class LoadBenchmarkCommand
{
    public const string Usage = "usage: Harness.Bench load [--rates 500,2000,5000] [--seconds 10] [--connections 16] [--wrk-threads 2] [--step-seconds 5] "
        + "[--stall-rate 1000] [--soak-rate 2000] [--soak-minutes 10] [--spin-window-ms 2] [--only accuracy|co|soak] [--timeout-minutes N]";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            Console.WriteLine(Usage);
            return 0;
        }

        var only = Arguments.Value(args, "--only");
        var settings = new LoadBenchSettings
        {
            Rates = Arguments.Value(args, "--rates") is { } rates
                ? [.. rates.Split(',').Select(r => double.Parse(r, CultureInfo.InvariantCulture))]
                : new LoadBenchSettings().Rates,
            RateSeconds = Arguments.Int(args, "--seconds", 10),
            Connections = Arguments.Int(args, "--connections", 16),
            WrkThreads = Arguments.Int(args, "--wrk-threads", 2),
            StepSeconds = Arguments.Int(args, "--step-seconds", 5),
            StallRate = Arguments.Double(args, "--stall-rate", 1000),
            SoakRate = Arguments.Double(args, "--soak-rate", 2000),
            SoakMinutes = Arguments.Double(args, "--soak-minutes", 10),
            SpinWindow = Arguments.Value(args, "--spin-window-ms") is { } spin ? TimeSpan.FromMilliseconds(double.Parse(spin, CultureInfo.InvariantCulture)) : null,
            Accuracy = only is null or "accuracy",
            CoordinatedOmission = only is null or "co",
            Soak = only is null or "soak",
        };
        var timeout = TimeSpan.FromMinutes(Arguments.Double(args, "--timeout-minutes", settings.SoakMinutes + 10));
        using var cancellation = new CancellationTokenSource(timeout);
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };

        var clock = Stopwatch.StartNew();
        var progress = new Progress(clock);
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, load average {MachineLoad.Average()}");
        try
        {
            var sections = await RunSectionsAsync(settings, progress, cancellation.Token);
            Console.WriteLine();
            foreach (var print in sections)
            {
                print(Console.Out);
                Console.WriteLine();
            }

            Console.WriteLine($"load average at the end: {MachineLoad.Average()}");
            return 0;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Console.Error.WriteLine($"error: {(cancellation.IsCancellationRequested ? "timed out or cancelled: " : "")}{e}");
            return 2;
        }
    }

    private static async Task<List<Action<TextWriter>>> RunSectionsAsync(LoadBenchSettings settings, IProgress<string> progress, CancellationToken cancellationToken)
    {
        var sections = new List<Action<TextWriter>>();
        if (settings.Accuracy || settings.Soak)
        {
            await using var server = await LoadServerProcess.StartAsync(stallAfter: null, TimeSpan.Zero, cancellationToken);
            progress.Report($"load server pid {server.Pid} at {server.Url}");
            using var engine = new EngineRun(server.Url, settings.Connections, server.Pid, settings.SpinWindow);
            await WarmUpAsync(settings, engine, server.Url, progress, cancellationToken);
            if (settings.Accuracy)
            {
                var accuracy = new AccuracyBenchmark(settings, engine, server.Url, server.Pid, progress);
                await accuracy.RunAsync(cancellationToken);
                sections.Add(accuracy.Print);
            }

            if (settings.Soak)
            {
                var soak = new MemorySoak(settings, engine, progress);
                await soak.RunAsync(cancellationToken);
                sections.Add(soak.Print);
            }
        }

        if (settings.CoordinatedOmission)
        {
            var demo = new CoordinatedOmissionDemo(settings, progress);
            await demo.RunAsync(cancellationToken);
            sections.Insert(Math.Min(1, sections.Count), demo.Print);
        }

        return sections;
    }

    // Both clients meet a warm server, and the engine's own code is compiled before it is measured: wrk for 5 s, then
    // the engine for 5 s at the middle fixed rate. Neither is reported.
    private static async Task WarmUpAsync(LoadBenchSettings settings, EngineRun engine, Uri url, IProgress<string> progress, CancellationToken cancellationToken)
    {
        if (Wrk.Installed())
        {
            progress.Report("warm-up: wrk 5 s (not measured)");
            await Wrk.RunAsync(url, header: null, settings.WrkThreads, settings.Connections, 5, cancellationToken);
        }

        progress.Report("warm-up: engine 5 s (not measured)");
        await engine.ConstantAsync(settings.Rates[settings.Rates.Count / 2], TimeSpan.FromSeconds(5), cancellationToken);
    }
}
