using HdrHistogram;
using Harness.Errors;
using Harness.Load;
using Harness.Reporting;
using Harness.Running;

namespace Harness.Cli.Commands;

/// <summary>
/// The HdrHistogram logs (<c>.hlog</c>) of a run's shards added exactly: every log a scenario listed under the same file name
/// in the shards' report.json is read from its shard's folder and summed per tag (<see cref="LoadHistogramLog.ReadMerged"/>);
/// the merged log becomes the merged scenario's artifact, and its percentiles replace the shards' figures of the same name,
/// tenant and phase, which could only have been averaged.
/// </summary>
internal static class ShardHistogramMerge
{
    /// <summary>The file name ending that marks an artifact as an HdrHistogram log.</summary>
    public const string Extension = ".hlog";

    /// <summary>The merged report with the merged logs as artifacts and their figures as metrics.</summary>
    /// <param name="reportPaths">The shards' report.json, each in the folder holding its artifacts.</param>
    /// <param name="merged">The report <see cref="ReportMerge"/> joined from them.</param>
    /// <exception cref="UsageException">A log a report lists is not in its folder, or is not an HdrHistogram log.</exception>
    public static async Task<RunReport> MergeAsync(IReadOnlyList<string> reportPaths, RunReport merged, CancellationToken cancellationToken)
    {
        var logs = new List<(string Folder, ReportArtifact Artifact)>();
        foreach (var path in reportPaths)
        {
            var shard = await ReportMerge.LoadAsync(path, cancellationToken);
            var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
            logs.AddRange(shard.ListedArtifacts.Where(a => a.FileName.EndsWith(Extension, StringComparison.OrdinalIgnoreCase)).Select(a => (folder, a)));
        }

        var scenarios = merged.Scenarios.ToList();
        foreach (var group in logs.GroupBy(l => (l.Artifact.ScenarioId, l.Artifact.FileName)))
        {
            var index = scenarios.FindIndex(s => s.ScenarioId == group.Key.ScenarioId);
            if (index >= 0)
            {
                scenarios[index] = await WithMergedLogAsync(scenarios[index], group.Key.FileName, [.. group], merged.StartedAt, cancellationToken);
            }
        }

        return merged with { Scenarios = scenarios };
    }

    /// <summary>The figures of one merged histogram, in milliseconds: requests, then p50, p90, p99, p99.9 and max of what its tag measures.</summary>
    /// <param name="tag">The histogram's tag, <c>name/phase:latency</c> or <c>name/phase:service</c> as the load engine writes them.</param>
    public static IEnumerable<Metric> Figures(string tag, HistogramBase histogram)
    {
        var (streamAndPhase, kind) = tag.LastIndexOf(':') is var colon and >= 0 ? (tag[..colon], tag[(colon + 1)..]) : (tag, "latency");
        var (tenant, phase) = streamAndPhase.IndexOf('/') is var slash and >= 0 ? (streamAndPhase[..slash], streamAndPhase[(slash + 1)..]) : (streamAndPhase, null);
        var measure = kind == "service" ? "service time" : kind;
        var summary = LatencySummary.Of(histogram);
        if (measure == "latency")
        {
            yield return new Metric("requests", summary.Count, "", tenant, phase);
        }

        foreach (var (name, microseconds) in new[] { ("p50", summary.P50), ("p90", summary.P90), ("p99", summary.P99), ("p99.9", summary.P999), ("max", summary.Max) })
        {
            yield return new Metric($"{name} {measure}", microseconds / 1000.0, "ms", tenant, phase);
        }
    }

    private static async Task<ScenarioResult> WithMergedLogAsync(
        ScenarioResult scenario, string fileName, IReadOnlyList<(string Folder, ReportArtifact Artifact)> shards, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var streams = new List<Stream>();
        try
        {
            foreach (var (folder, artifact) in shards)
            {
                var path = Path.Combine(folder, artifact.FolderFileName);
                if (!File.Exists(path))
                {
                    throw new UsageException($"{path} is missing: the report.json next to it lists it; copy the whole report folder of every shard");
                }

                streams.Add(new MemoryStream(await File.ReadAllBytesAsync(path, cancellationToken)));
            }

            IReadOnlyDictionary<string, HistogramBase> histograms;
            try
            {
                histograms = LoadHistogramLog.ReadMerged(streams);
            }
            catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException or IndexOutOfRangeException or EndOfStreamException)
            {
                throw new UsageException($"the shards' {ReportArtifact.FolderFileNameOf(scenario.ScenarioId, fileName)} are not all HdrHistogram logs ({e.Message}); pass the report folders as the runs wrote them", e);
            }

            using var output = new MemoryStream();
            HistogramLogWriter.Write(output, startedAt.UtcDateTime, [.. histograms.Values]);
            var figures = histograms.OrderBy(h => h.Key, StringComparer.Ordinal).SelectMany(h => Figures(h.Key, h.Value)).ToList();
            var replaced = figures.Select(Key).ToHashSet();
            return scenario with
            {
                Metrics = [.. scenario.Metrics.Where(m => !replaced.Contains(Key(m))), .. figures],
                Artifacts = [.. scenario.Artifacts.Where(a => a.FileName != fileName), new ScenarioArtifact(fileName, shards[0].Artifact.MediaType, output.ToArray())],
            };
        }
        finally
        {
            foreach (var stream in streams)
            {
                await stream.DisposeAsync();
            }
        }
    }

    private static (string Name, string Unit, string? Tenant, string? Subject) Key(Metric metric) => (metric.Name, metric.Unit, metric.Tenant, metric.Subject);
}
