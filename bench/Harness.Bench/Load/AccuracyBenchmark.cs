using System.Globalization;

namespace Harness.Bench.Load;

/// <summary>
/// The engine at fixed offered rates (achieved rate, send lag, latency), wrk's closed-loop maximum on the same endpoint
/// with the same connection count, and the engine's top rate: constant-rate steps at rising fractions of wrk's rate until
/// a step is saturated or misses its rate by more than 1 %.
/// </summary>
internal sealed class AccuracyBenchmark(LoadBenchSettings settings, EngineRun engine, Uri url, int serverPid, IProgress<string> progress)
{
    public List<EngineMeasure> Rates { get; } = [];

    public List<EngineMeasure> Steps { get; } = [];

    public WrkResult? Wrk { get; private set; }

    public string? WrkSkipped { get; private set; }

    /// <summary>wrk's own CPU time during its run.</summary>
    public TimeSpan WrkCpu { get; private set; }

    /// <summary>The server's CPU time during wrk's run.</summary>
    public TimeSpan WrkServerCpu { get; private set; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        foreach (var rate in settings.Rates)
        {
            progress.Report(string.Create(CultureInfo.InvariantCulture, $"engine at {rate:0} requests/s for {settings.RateSeconds} s"));
            Rates.Add(await engine.ConstantAsync(rate, TimeSpan.FromSeconds(settings.RateSeconds), cancellationToken));
        }

        if (Harness.Bench.Wrk.Installed())
        {
            progress.Report($"wrk -t{settings.WrkThreads} -c{engine.Connections} -d{settings.RateSeconds}s");
            var before = (Server: CpuMeter.Sample(serverPid).App, Wrk: ChildCpu.Read());
            Wrk = await Harness.Bench.Wrk.RunAsync(url, header: null, settings.WrkThreads, engine.Connections, settings.RateSeconds, cancellationToken, latency: true);
            WrkCpu = ChildCpu.Read() - before.Wrk;
            WrkServerCpu = CpuMeter.Sample(serverPid).App - before.Server;
        }
        else
        {
            WrkSkipped = "wrk is not installed (bench/load.sh installs it when run as root)";
        }

        // Without wrk, steps of +25 % from the highest fixed rate.
        var reference = Wrk?.RequestsPerSecond ?? settings.Rates.Max();
        var fractions = Wrk is null
            ? Enumerable.Range(1, 12).Select(i => Math.Pow(1.25, i))
            : settings.StepFractions;
        foreach (var fraction in fractions)
        {
            var rate = Math.Round(reference * fraction);
            progress.Report(string.Create(CultureInfo.InvariantCulture, $"top-rate step: engine at {rate:0} requests/s ({fraction:0.00} x {(Wrk is null ? "the highest fixed rate" : "wrk")}) for {settings.StepSeconds} s"));
            var step = await engine.ConstantAsync(rate, TimeSpan.FromSeconds(settings.StepSeconds), cancellationToken);
            Steps.Add(step);
            if (!step.Kept)
            {
                break;
            }
        }
    }

    /// <summary>The highest rate the engine served within 1 % with nothing dropped, or 0.</summary>
    public double TopRate => Steps.Concat(Rates).Where(s => s.Kept).Select(s => s.Achieved).DefaultIfEmpty(0).Max();

    /// <summary>The same, counting only runs the engine itself did not call saturated (send lag p99 within its bound), or 0.</summary>
    public double TopRateUnsaturated => Steps.Concat(Rates).Where(s => s.KeptUnsaturated).Select(s => s.Achieved).DefaultIfEmpty(0).Max();

    public void Print(TextWriter output)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"accuracy: constant arrival rate, one stream, {engine.Connections} connections (SocketsHttpHandler), GET {url}; latencies in ms"));
        output.WriteLine("| offered/s | achieved 2xx/s | deviation | send lag p50 | send lag p99 | latency p50 | latency p99 | service p99 | saturated | harness CPU ms/req | server CPU ms/req |");
        output.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |");
        foreach (var run in Rates.Concat(Steps))
        {
            output.WriteLine(Row(run, Steps.Contains(run) ? " (step)" : ""));
        }

        if (Wrk is { } wrk)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| wrk -t{settings.WrkThreads} -c{engine.Connections}, closed loop | {wrk.RequestsPerSecond:0} | | | | {Ms(wrk, 50)} | {Ms(wrk, 99)} | | | {1000 * WrkCpu.TotalSeconds / Math.Max(1, wrk.Requests):0.000} (wrk) | {1000 * WrkServerCpu.TotalSeconds / Math.Max(1, wrk.Requests):0.000} |"));
            var ratio = TopRate / wrk.RequestsPerSecond;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"top rate: the engine served {TopRate:0} requests/s (highest run within 1 %, nothing dropped); wrk {wrk.RequestsPerSecond:0} requests/s "
                + $"({wrk.NonSuccess} non-2xx, {wrk.SocketErrors} socket errors); ratio {ratio:0.000} -> {(ratio >= 0.8 ? "meets" : "MISSES")} the 0.8 goal"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"top rate with the engine's own verdict unsaturated too (send lag p99 <= 2 ms): {TopRateUnsaturated:0} requests/s, ratio {TopRateUnsaturated / wrk.RequestsPerSecond:0.000}"));
        }
        else
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"top rate: the engine served {TopRate:0} requests/s ({TopRateUnsaturated:0} unsaturated); wrk not measured: {WrkSkipped}"));
        }

        foreach (var run in Rates.Concat(Steps).Where(r => r.Result.Saturated))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {run.TargetRate:0}/s: {string.Join("; ", run.Result.SaturationReasons)}"));
        }
    }

    private static string Row(EngineMeasure run, string note)
    {
        var s = run.Stream;
        var sent = Math.Max(1, s.Sent);
        return string.Create(CultureInfo.InvariantCulture,
            $"| {run.TargetRate:0}{note} | {run.Achieved:0.0} | {100 * run.Deviation:+0.00;-0.00} % | {Ms(s.SendLag.P50)} | {Ms(s.SendLag.P99)} | {Ms(s.Latency.P50)} | {Ms(s.Latency.P99)} | {Ms(s.ServiceTime.P99)} | "
            + $"{(run.Result.Saturated ? "yes" : "no")} | {1000 * run.Cpu.Harness.TotalSeconds / sent:0.000} | {1000 * run.Cpu.App.TotalSeconds / sent:0.000} |");
    }

    private static string Ms(long microseconds) => (microseconds / 1000.0).ToString("0.000", CultureInfo.InvariantCulture);

    private static string Ms(WrkResult wrk, double percentile) =>
        wrk.Percentiles.TryGetValue(percentile, out var value) ? value.TotalMilliseconds.ToString("0.000", CultureInfo.InvariantCulture) : "-";
}
