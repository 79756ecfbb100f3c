using System.Text;
using Harness.Findings;
using Harness.Reporting;
using Harness.Running;

namespace Harness.Tests.Reporting;

/// <summary>
/// A clean run with a soak-like scenario: per-tenant figures per phase, the neighbours' p99 over time in one chart with the
/// phases shaded, a percentile spectrum baseline vs flood, a fairness figure, and a log it hands the report folder.
/// </summary>
internal static class SoakReports
{
    public static readonly Rule Latency = new("SOAK001", "Neighbour latency degraded by a noisy tenant", Severity.High, "Partition the limiter per tenant.");

    public static readonly SeriesBand[] Phases = [new("baseline", 0, 30), new("flood", 30, 90), new("recovery", 90, 120)];

    public static RunReport Soak() => SampleReports.Clean() with
    {
        Scenarios =
        [
            .. SampleReports.Clean().Scenarios,
            new ScenarioResult("soak", [new CheckResult(Latency, "t2", [], Probes: 720), new CheckResult(Latency, "t3", [], Probes: 720)], TimeSpan.FromMinutes(2))
            {
                Metrics =
                [
                    new Metric("Jain's fairness index", 0.98, "", Subject: "flood"),
                    .. Tenants.SelectMany(t => Phases.SelectMany(p => PhaseFigures(t, p.Label))),
                ],
                Series =
                [
                    .. Tenants.Select((t, i) => new MetricSeries($"p99 latency {t}", "ms", [.. Enumerable.Range(0, 13).Select(s => new SeriesPoint(s * 10, 20 + i * 5 + (s is >= 3 and < 9 ? 15 : 0)))])
                    {
                        Chart = "p99 latency per tenant",
                        Bands = Phases,
                    }),
                    new MetricSeries("429/s t1", "1/s", [new(0, 0), new(30, 12), new(60, 14), new(90, 0), new(120, 0)]) { Bands = Phases },
                    Spectrum("t2 baseline", 18),
                    Spectrum("t2 flood", 31),
                ],
                Artifacts = [new ScenarioArtifact("t2.hlog", "text/plain", Encoding.ASCII.GetBytes("#[StartTime: 0]\n"))],
            },
        ],
    };

    private static readonly string[] Tenants = ["t1", "t2", "t3"];

    private static IEnumerable<Metric> PhaseFigures(string tenant, string phase)
    {
        var flood = phase == "flood" ? 2 : 1;
        yield return new Metric("offered", tenant == "t1" && phase == "flood" ? 60 : 2, "req/s", tenant, phase);
        yield return new Metric("2xx", 60 * flood, "", tenant, phase);
        yield return new Metric("429", tenant == "t1" && phase == "flood" ? 3000 : 0, "", tenant, phase);
        yield return new Metric("p50 latency", 9.5 * flood, "ms", tenant, phase);
        yield return new Metric("p99 latency", 21.25 * flood, "ms", tenant, phase);
        yield return new Metric("p99.9 latency", 30 * flood, "ms", tenant, phase);
        yield return new Metric("max latency", 44 * flood, "ms", tenant, phase);
    }

    private static MetricSeries Spectrum(string name, double p50) =>
        new(name, "ms", [new(0, 1), new(50, p50), new(90, p50 * 1.5), new(99, p50 * 2), new(99.9, p50 * 3), new(99.99, p50 * 4), new(100, p50 * 4.2)], "%")
        {
            Chart = "latency spectrum t2",
            XScale = SeriesScale.Percentile,
        };
}
