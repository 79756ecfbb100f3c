using System.Globalization;
using Harness.Load;

namespace Harness.Bench.Load;

/// <summary>
/// A long constant-rate run with the harness's working set and managed heap sampled every second (the engine's interval
/// callback): bounded memory means the end looks like the start.
/// </summary>
internal sealed class MemorySoak(LoadBenchSettings settings, EngineRun engine, IProgress<string> progress)
{
    private readonly Lock samplesLock = new();
    private readonly List<(TimeSpan At, long WorkingSet, long Heap)> samples = [];

    public long StartWorkingSet { get; private set; }

    public long StartHeap { get; private set; }

    public EngineMeasure? Run { get; private set; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        GC.Collect();
        StartWorkingSet = Environment.WorkingSet;
        StartHeap = GC.GetTotalMemory(forceFullCollection: false);
        var duration = TimeSpan.FromMinutes(settings.SoakMinutes);
        progress.Report(string.Create(CultureInfo.InvariantCulture,
            $"soak: engine at {settings.SoakRate:0} requests/s for {duration.TotalMinutes:0.#} min; working set {MachineLoad.Megabytes(StartWorkingSet):0.0} MB, managed heap {MachineLoad.Megabytes(StartHeap):0.0} MB"));
        Run = await engine.ConstantAsync(settings.SoakRate, duration, cancellationToken, onInterval: Sample);
    }

    private void Sample(LoadInterval interval)
    {
        var workingSet = Environment.WorkingSet;
        var heap = GC.GetTotalMemory(forceFullCollection: false);
        int count;
        lock (samplesLock)
        {
            samples.Add((interval.End, workingSet, heap));
            count = samples.Count;
        }

        if (count % 30 == 0)
        {
            progress.Report(string.Create(CultureInfo.InvariantCulture,
                $"soak {interval.End.TotalSeconds,5:0} s: {interval.Statuses.Success} 2xx in the last second, p99 {interval.Latency.P99 / 1000.0:0.00} ms, working set {MachineLoad.Megabytes(workingSet):0.0} MB, managed heap {MachineLoad.Megabytes(heap):0.0} MB, load {MachineLoad.Average()}"));
        }
    }

    public void Print(TextWriter output)
    {
        if (Run is not { } run)
        {
            return;
        }

        List<(TimeSpan At, long WorkingSet, long Heap)> all;
        lock (samplesLock)
        {
            all = [.. samples];
        }

        if (all.Count == 0)
        {
            return;
        }

        // The first and last minute (or tenth of the run when shorter) against each other: a leak shows as a rising mean.
        var window = Math.Max(1, Math.Min(60, all.Count / 10));
        var first = all.Take(window).Average(s => (double)s.WorkingSet);
        var last = all.TakeLast(window).Average(s => (double)s.WorkingSet);
        var s = run.Stream;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"bounded memory: {settings.SoakRate:0} requests/s for {settings.SoakMinutes:0.#} min, {s.Sent} requests, achieved {run.Achieved:0.0} 2xx/s ({100 * run.Deviation:+0.00;-0.00} %), "
            + $"send lag p99 {s.SendLag.P99 / 1000.0:0.000} ms, latency p99 {s.Latency.P99 / 1000.0:0.000} ms, {(run.Result.Saturated ? "SATURATED: " + string.Join("; ", run.Result.SaturationReasons) : "not saturated")}"));
        output.WriteLine("| harness process | before the run | after 1 s | mean of the first window | mean of the last window | at the end | max | min |");
        output.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| working set, MB | {Mb(StartWorkingSet)} | {Mb(all[0].WorkingSet)} | {Mb(first)} | {Mb(last)} | {Mb(all[^1].WorkingSet)} | {Mb(all.Max(x => x.WorkingSet))} | {Mb(all.Min(x => x.WorkingSet))} |"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| managed heap, MB | {Mb(StartHeap)} | {Mb(all[0].Heap)} | {Mb(all.Take(window).Average(x => (double)x.Heap))} | {Mb(all.TakeLast(window).Average(x => (double)x.Heap))} | {Mb(all[^1].Heap)} | {Mb(all.Max(x => x.Heap))} | {Mb(all.Min(x => x.Heap))} |"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"windows of {window} s; working set, last window against the first: {100 * ((last / first) - 1):+0.0;-0.0} %"));
    }

    private static string Mb(double bytes) => MachineLoad.Megabytes((long)bytes).ToString("0.0", CultureInfo.InvariantCulture);
}
