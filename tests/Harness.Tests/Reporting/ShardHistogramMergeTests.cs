using System.Text.Json.Nodes;
using FluentAssertions;
using HdrHistogram;
using Harness.Load;
using Harness.Reporting;
using Harness.Running;
using Harness.Tests.Infrastructure;

namespace Harness.Tests.Reporting;

/// <summary>
/// <c>harness report merge</c> adds the shards' HdrHistogram logs exactly: the merged log and the percentiles recomputed from
/// it equal those of one histogram that recorded every shard's values.
/// </summary>
public sealed class ShardHistogramMergeTests : IDisposable
{
    private readonly DirectoryInfo root = Directory.CreateTempSubdirectory("harness-hlog-merge-");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => root.Delete(recursive: true);

    [Fact]
    public async Task Merged_percentiles_are_those_of_one_histogram_holding_every_shards_values()
    {
        // Shard 1 saw t1 fast, shard 2 saw t1 slow (same tag: the same stream and phase split across runners) and t2.
        long[] fast = [.. Enumerable.Range(1, 900).Select(i => i * 100L)];
        long[] slow = [.. Enumerable.Range(1, 100).Select(i => 200_000 + i * 5_000L)];
        long[] other = [.. Enumerable.Range(1, 50).Select(i => i * 1_000L)];
        var first = await ShardAsync("shard-1", ("t1/flood:latency", fast));
        var second = await ShardAsync("shard-2", ("t1/flood:latency", slow), ("t2/flood:latency", other));
        var output = Path.Combine(root.FullName, "merged");

        var result = await CliProcess.HarnessAsync(["report", "merge", Path.Combine(first, "report.json"), second, "--output", output], cancellationToken: Token);

        result.ExitCode.Should().Be(0, result.ToString());
        result.Stdout.Should().Contain("merged 2 report(s): 2 probes, 1 HdrHistogram log(s)");
        var whole = Histogram([.. fast, .. slow]);
        var expected = LatencySummary.Of(whole);
        await using (var log = File.OpenRead(Path.Combine(output, "soak-latency.hlog")))
        {
            var merged = LoadHistogramLog.ReadMerged([log]);
            merged.Keys.Should().BeEquivalentTo("t1/flood:latency", "t2/flood:latency");
            LatencySummary.Of(merged["t1/flood:latency"]).Should().Be(expected);
            LatencySummary.Of(merged["t2/flood:latency"]).Should().Be(LatencySummary.Of(Histogram(other)));
        }

        var report = await ReportMerge.LoadAsync(Path.Combine(output, "report.json"), Token);
        var metrics = report.Scenarios.Single(s => s.ScenarioId == "soak").Metrics.Where(m => m.Tenant == "t1" && m.Subject == "flood")
            .ToDictionary(m => m.Name, m => m.Value);
        metrics.Should().Equal(new Dictionary<string, double>
        {
            ["requests"] = 1000,
            ["p50 latency"] = expected.P50 / 1000.0,
            ["p90 latency"] = expected.P90 / 1000.0,
            ["p99 latency"] = expected.P99 / 1000.0,
            ["p99.9 latency"] = expected.P999 / 1000.0,
            ["max latency"] = expected.Max / 1000.0,
        }, "the shards' own p99 (not addable) is replaced by the exact one");
        expected.P99.Should().BeGreaterThan(500_000 - 10_000).And.BeLessThan(slow.Max() + 1000, "the slow shard decides the tail");
        report.ListedArtifacts.Should().ContainSingle().Which.Should().Be(
            new ReportArtifact("soak", "latency.hlog", "text/plain", new FileInfo(Path.Combine(output, "soak-latency.hlog")).Length));
        JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "report.json"), Token))!["scenarios"]![0]!["artifacts"]![0]!["file"]!
            .GetValue<string>().Should().Be("soak-latency.hlog");
    }

    [Fact]
    public async Task A_log_the_report_lists_but_its_folder_lacks_is_a_usage_error()
    {
        var first = await ShardAsync("shard-1", ("t1/flood:latency", [1000L]));
        var second = await ShardAsync("shard-2", ("t1/flood:latency", [2000L]));
        File.Delete(Path.Combine(second, "soak-latency.hlog"));

        var result = await CliProcess.HarnessAsync(["report", "merge", first, second, "--output", Path.Combine(root.FullName, "merged")], cancellationToken: Token);

        result.ExitCode.Should().Be(2, result.ToString());
        result.Stderr.Should().Contain("soak-latency.hlog is missing: the report.json next to it lists it; copy the whole report folder of every shard");
    }

    [Fact]
    public async Task A_listed_log_that_is_not_an_hdrhistogram_log_is_a_usage_error()
    {
        var first = await ShardAsync("shard-1", ("t1/flood:latency", [1000L]));
        var second = await ShardAsync("shard-2", ("t1/flood:latency", [2000L]));
        await File.WriteAllTextAsync(Path.Combine(second, "soak-latency.hlog"), "not a log\n1.0,2.0,3.0,garbage\n", Token);

        var result = await CliProcess.HarnessAsync(["report", "merge", first, second, "--output", Path.Combine(root.FullName, "merged")], cancellationToken: Token);

        result.ExitCode.Should().Be(2, result.ToString());
        result.Stderr.Should().Contain("the shards' soak-latency.hlog are not all HdrHistogram logs (");
    }

    /// <summary>A shard's report folder: a soak scenario whose log holds the given values (µs) per tag, and a p99 metric of its own.</summary>
    private async Task<string> ShardAsync(string name, params (string Tag, long[] Values)[] histograms)
    {
        using var log = new MemoryStream();
        HistogramLogWriter.Write(log, new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), [.. histograms.Select(h => Tagged(h.Tag, h.Values))]);
        var scenario = new ScenarioResult("soak", [new CheckResult(SoakReports.Latency, "t1", [])], TimeSpan.FromSeconds(10))
        {
            Metrics = [new Metric("p99 latency", histograms[0].Values.Max() / 1000.0, "ms", "t1", "flood")],
            Artifacts = [new ScenarioArtifact("latency.hlog", "text/plain", log.ToArray())],
        };
        var folder = Path.Combine(root.FullName, name);
        await ReportSet.WriteAsync(SampleReports.Clean() with { Scenarios = [scenario] }, folder, null, Token);
        return folder;
    }

    private static HistogramBase Tagged(string tag, long[] values)
    {
        var histogram = Histogram(values);
        histogram.Tag = tag;
        return histogram;
    }

    private static HistogramBase Histogram(long[] values)
    {
        var histogram = LatencyHistograms.Create();
        foreach (var value in values)
        {
            histogram.RecordValue(value);
        }

        return histogram;
    }
}
