using System.Globalization;

namespace Harness.Bench.Load;

/// <summary>
/// wrk2's demonstration on a planted stall: a fresh server holds every request arriving in a 1 s window. The engine, at a
/// constant rate, measures latency from each request's intended start (corrected) and service time from when the request
/// went out on a connection (the naive figure: what a closed-loop client such as wrk measures, which sends nothing while
/// its connections wait).
/// </summary>
internal sealed class CoordinatedOmissionDemo(LoadBenchSettings settings, IProgress<string> progress)
{
    private static readonly TimeSpan StallLength = TimeSpan.FromSeconds(1);

    public EngineMeasure? Engine { get; private set; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var after = TimeSpan.FromSeconds(settings.StallAfterSeconds);
        await using (var server = await LoadServerProcess.StartAsync(after, StallLength, cancellationToken))
        {
            progress.Report(string.Create(CultureInfo.InvariantCulture,
                $"stall demo: engine at {settings.StallRate:0} requests/s for {settings.StallRunSeconds} s; the server (pid {server.Pid}) holds requests for 1 s from {after.TotalSeconds:0} s after the first"));
            using var engine = new EngineRun(server.Url, settings.Connections, server.Pid, settings.SpinWindow);

            // Every arrival of the stalled second is outstanding at once: the in-flight cap must not drop them.
            Engine = await engine.ConstantAsync(settings.StallRate, TimeSpan.FromSeconds(settings.StallRunSeconds), cancellationToken, maxInFlight: (int)(settings.StallRate * 4) + 256);
        }
    }

    public void Print(TextWriter output)
    {
        if (Engine is not { } engine)
        {
            return;
        }

        var s = engine.Stream;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"coordinated omission: a 1 s stall {settings.StallAfterSeconds:0} s into a {settings.StallRunSeconds} s run, {settings.Connections} connections; latencies in ms"));
        output.WriteLine("| measured by | requests | p50 | p90 | p99 | p99.9 | max |");
        output.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| engine, corrected latency (completion - intended start), {settings.StallRate:0}/s | {s.Latency.Count} | {Ms(s.Latency.P50)} | {Ms(s.Latency.P90)} | {Ms(s.Latency.P99)} | {Ms(s.Latency.P999)} | {Ms(s.Latency.Max)} |"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| engine, service time (completion - sent on a connection), naive | {s.ServiceTime.Count} | {Ms(s.ServiceTime.P50)} | {Ms(s.ServiceTime.P90)} | {Ms(s.ServiceTime.P99)} | {Ms(s.ServiceTime.P999)} | {Ms(s.ServiceTime.Max)} |"));

        var shows = s.Latency.P99 >= 500_000;
        var hides = s.ServiceTime.P99 < 500_000;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"corrected p99 {(shows ? "shows" : "does NOT show")} the stall (>= 500 ms); the naive service-time p99 {(hides ? "hides it" : "ALSO shows it")}; "
            + $"send lag p99 {Ms(s.SendLag.P99)} ms; {(engine.Result.Saturated ? "saturated: " + string.Join("; ", engine.Result.SaturationReasons) : "not saturated")}"));
    }

    private static string Ms(long microseconds) => (microseconds / 1000.0).ToString("0.0", CultureInfo.InvariantCulture);

}
