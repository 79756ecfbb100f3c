using HdrHistogram;
using Harness.Load;
using Harness.Running;

namespace Harness.Scenarios.Soak;

/// <summary>What the soak hands the reports besides its checks: figures per tenant and phase, charts, and the HdrHistogram log.</summary>
internal static class SoakOutputs
{
    /// <summary>The chart of every tenant's per-second p99.</summary>
    public const string LatencyChart = "p99 latency over time";

    /// <summary>The chart of the noisy tenant's throttled answers per second.</summary>
    public const string ThrottledChart = "noisy tenant 429/s";

    /// <summary>The file name of the log of every stream's histograms.</summary>
    public const string HistogramLogName = "latency.hlog";

    /// <summary>The percentiles of a spectrum (x in percent).</summary>
    public static readonly double[] SpectrumPercentiles = [0, 10, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99];

    public static IReadOnlyList<Metric> Metrics(IEnumerable<(SoakTenant Tenant, StreamResult Stream)> streams, double? jainIndex)
    {
        var metrics = new List<Metric>();
        foreach (var (tenant, stream) in streams)
        {
            var tenantId = tenant.Principal.TenantId;
            var subject = $"{tenant.Label} {stream.Phase}";
            metrics.Add(new Metric("offered rate", stream.OfferedRate, "req/s", tenantId, subject));
            metrics.Add(new Metric("achieved rate", stream.AchievedRate, "req/s", tenantId, subject));
            metrics.Add(new Metric("2xx", stream.Statuses.Success, "", tenantId, subject));
            metrics.Add(new Metric("429", stream.Statuses.TooManyRequests, "", tenantId, subject));
            metrics.Add(new Metric("other", stream.Statuses.Other + stream.Statuses.Errors + stream.Statuses.Timeouts, "", tenantId, subject));
            AddPercentiles(metrics, "latency", stream.Latency, tenantId, subject);
            AddPercentiles(metrics, "service time", stream.ServiceTime, tenantId, subject);
        }

        if (jainIndex is { } index)
        {
            metrics.Add(new Metric("Jain's index (flood goodput)", index, "", Subject: "neighbours"));
        }

        return metrics;
    }

    public static IReadOnlyList<MetricSeries> Series(
        IEnumerable<(SoakTenant Tenant, IReadOnlyList<StreamResult> Streams)> tenants, SoakPhases phases, IReadOnlyList<(double X, double Y)> memory)
    {
        IReadOnlyList<SeriesBand> bands =
        [
            new(SoakPhases.BaselineName, 0, phases.FloodStart.TotalSeconds),
            new(SoakPhases.FloodName, phases.FloodStart.TotalSeconds, phases.FloodEnd.TotalSeconds),
            new(SoakPhases.RecoveryName, phases.FloodEnd.TotalSeconds, phases.Total.TotalSeconds),
        ];
        var series = new List<MetricSeries>();
        foreach (var (tenant, streams) in tenants)
        {
            var points = streams.SelectMany(s => s.Intervals).Where(i => i.Latency.Count > 0).OrderBy(i => i.End)
                .Select(i => new SeriesPoint(i.End.TotalSeconds, SoakJudge.Ms(i.Latency.P99))).ToList();
            series.Add(new MetricSeries($"p99 latency {tenant.Label}", "ms", points) { Chart = LatencyChart, Bands = bands });
            if (tenant.Label == SoakTenant.NoisyLabel)
            {
                var throttled = streams.SelectMany(s => s.Intervals).Where(i => i.End > i.Start).OrderBy(i => i.End)
                    .Select(i => new SeriesPoint(i.End.TotalSeconds, i.Statuses.TooManyRequests / (i.End - i.Start).TotalSeconds)).ToList();
                series.Add(new MetricSeries("429/s noisy", "req/s", throttled) { Chart = ThrottledChart, Bands = bands });
                continue;
            }

            foreach (var stream in streams.Where(s => s.Phase is SoakPhases.BaselineName or SoakPhases.FloodName && s.LatencyHistogram.TotalCount > 0))
            {
                series.Add(new MetricSeries($"{stream.Phase} {tenant.Label}", "ms", Spectrum(stream.LatencyHistogram), "%")
                {
                    Chart = $"percentile spectrum {tenant.Label}",
                    XScale = SeriesScale.Percentile,
                });
            }
        }

        if (memory.Count > 0)
        {
            series.Add(new MetricSeries("app memory (RSS)", "MB", [.. memory.Select(p => new SeriesPoint(p.X, p.Y))]) { Chart = "app memory", Bands = bands });
        }

        return series;
    }

    public static ScenarioArtifact HistogramLog(IEnumerable<StreamResult> streams, DateTime startedUtc)
    {
        using var output = new MemoryStream();
        LoadHistogramLog.Write(output, startedUtc, streams);
        return new ScenarioArtifact(HistogramLogName, "text/plain", output.ToArray());
    }

    private static List<SeriesPoint> Spectrum(HistogramBase histogram) =>
        [.. SpectrumPercentiles.Select(p => new SeriesPoint(p, SoakJudge.Ms(histogram.GetValueAtPercentile(p))))];

    private static void AddPercentiles(List<Metric> metrics, string what, LatencySummary summary, string tenantId, string subject)
    {
        if (summary.Count == 0)
        {
            return;
        }

        metrics.Add(new Metric($"{what} p50", SoakJudge.Ms(summary.P50), "ms", tenantId, subject));
        metrics.Add(new Metric($"{what} p90", SoakJudge.Ms(summary.P90), "ms", tenantId, subject));
        metrics.Add(new Metric($"{what} p99", SoakJudge.Ms(summary.P99), "ms", tenantId, subject));
        metrics.Add(new Metric($"{what} p99.9", SoakJudge.Ms(summary.P999), "ms", tenantId, subject));
        metrics.Add(new Metric($"{what} max", SoakJudge.Ms(summary.Max), "ms", tenantId, subject));
    }
}
