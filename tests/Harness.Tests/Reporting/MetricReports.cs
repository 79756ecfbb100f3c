using Harness.Findings;
using Harness.Reporting;
using Harness.Running;

namespace Harness.Tests.Reporting;

/// <summary>A clean run with a load scenario that measured per-tenant latency and throughput and recorded latency over time.</summary>
internal static class MetricReports
{
    public static readonly Rule LatencyBudget = new("LOAD001", "p99 latency within budget", Severity.Medium, "Find the slow query.");

    public static RunReport Load() => SampleReports.Clean() with
    {
        Scenarios =
        [
            .. SampleReports.Clean().Scenarios,
            new ScenarioResult("load", [new CheckResult(LatencyBudget, "GET /sites", [], Probes: 1200)], TimeSpan.FromSeconds(30))
            {
                Metrics =
                [
                    new Metric("p50 latency", 12.5, "ms", Tenant: "t1", Subject: "GET /sites"),
                    new Metric("p99 latency", 41.25, "ms", Tenant: "t1", Subject: "GET /sites"),
                    new Metric("requests/s", 40, "req/s"),
                    new Metric("errors | <b>", 0, ""),
                ],
                Series =
                [
                    new MetricSeries("p99 latency t1", "ms", [new(0, 30), new(10, 41.25), new(20, 38), new(30, 35.5)]),
                    new MetricSeries("requests over time", "req/s", [new(0, 40)]),
                ],
            },
        ],
    };
}
