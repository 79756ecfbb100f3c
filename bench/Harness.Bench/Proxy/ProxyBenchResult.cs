using System.Globalization;

namespace Harness.Bench.Proxy;

/// <summary>The rounds of both sides and the summary: median tps ratio, latency added at p50 and p99 (all rounds' transactions pooled).</summary>
internal sealed class ProxyBenchResult
{
    public List<PgbenchResult> Direct { get; } = [];

    public List<PgbenchResult> Proxy { get; } = [];

    public long ProxyMessages { get; set; }

    /// <summary>CPU time of the benchmark process (the proxy) during the measured proxy rounds.</summary>
    public TimeSpan ProxyCpu { get; set; }

    public int ProxyEvents { get; set; }

    public void Print(TextWriter output, int rounds, int seconds, int clients, int threads, int scale)
    {
        var directTps = Median(Direct.Select(r => r.Tps));
        var proxyTps = Median(Proxy.Select(r => r.Tps));
        var direct = Pool(Direct);
        var proxied = Pool(Proxy);
        var ratio = proxyTps / directTps;
        var addedP50 = (PgbenchRun.Percentile(proxied, 50) - PgbenchRun.Percentile(direct, 50)) / 1000;
        var addedP99 = (PgbenchRun.Percentile(proxied, 99) - PgbenchRun.Percentile(direct, 99)) / 1000;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"pgbench -S -n -c {clients} -j {threads} -T {seconds}, scale {scale}, {rounds} alternating rounds each side"));
        output.WriteLine("| side | median tps | p50 ms | p99 ms | transactions |");
        output.WriteLine("| --- | --- | --- | --- | --- |");
        output.WriteLine(Row("direct", directTps, direct));
        output.WriteLine(Row("through the proxy", proxyTps, proxied));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"tps ratio proxy/direct: {ratio:0.000} (goal >= 0.8: {(ratio >= 0.8 ? "met" : "NOT met")})"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"added latency: p50 {addedP50:0.000} ms (goal < 0.2 ms: {(addedP50 < 0.2 ? "met" : "NOT met")}), p99 {addedP99:0.000} ms"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"proxy CPU: {ProxyCpu.TotalSeconds:0.00} s over {proxied.LongLength} transactions, {ProxyCpu.TotalMicroseconds / Math.Max(1, proxied.LongLength):0.0} us per transaction"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"proxy relayed {ProxyMessages} messages and recorded {ProxyEvents} events (kept up to 100,000)"));
    }

    private static string Row(string side, double tps, long[] latencies) =>
        string.Create(CultureInfo.InvariantCulture,
            $"| {side} | {tps:0.0} | {PgbenchRun.Percentile(latencies, 50) / 1000:0.000} | {PgbenchRun.Percentile(latencies, 99) / 1000:0.000} | {latencies.LongLength} |");

    private static long[] Pool(List<PgbenchResult> runs)
    {
        var all = runs.SelectMany(r => r.LatenciesMicroseconds).ToArray();
        Array.Sort(all);
        return all;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length == 0 ? double.NaN
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
