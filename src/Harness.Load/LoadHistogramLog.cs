using HdrHistogram;

namespace Harness.Load;

/// <summary>
/// Streams' histograms as HdrHistogram logs (.hlog), each histogram tagged with the stream's <c>name/phase</c> and what
/// it measures, and read back summed per tag: logs from several runs or CI shards add exactly.
/// </summary>
public static class LoadHistogramLog
{
    /// <summary>The tag suffix of corrected-latency histograms.</summary>
    public const string LatencySuffix = ":latency";

    /// <summary>The tag suffix of service-time histograms.</summary>
    public const string ServiceTimeSuffix = ":service";

    /// <summary>Writes each stream's corrected latency and service time histograms to <paramref name="output"/>.</summary>
    public static void Write(Stream output, DateTime startTime, IEnumerable<StreamResult> streams)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(streams);
        var histograms = new List<HistogramBase>();
        foreach (var stream in streams)
        {
            histograms.Add(Tagged(stream.LatencyHistogram, stream.Key + LatencySuffix));
            histograms.Add(Tagged(stream.ServiceTimeHistogram, stream.Key + ServiceTimeSuffix));
        }

        HistogramLogWriter.Write(output, startTime, [.. histograms]);
    }

    /// <summary>Reads the logs and adds every histogram into one per tag (<c>name/phase:latency</c>, <c>name/phase:service</c>).</summary>
    public static IReadOnlyDictionary<string, HistogramBase> ReadMerged(IEnumerable<Stream> logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        var merged = new Dictionary<string, HistogramBase>(StringComparer.Ordinal);
        foreach (var log in logs)
        {
            using var reader = new HistogramLogReader(log);
            foreach (var histogram in reader.ReadHistograms())
            {
                var tag = histogram.Tag ?? string.Empty;
                if (!merged.TryGetValue(tag, out var sum))
                {
                    sum = LatencyHistograms.Create();
                    sum.Tag = histogram.Tag;
                    merged[tag] = sum;
                }

                sum.Add(histogram);
            }
        }

        return merged;
    }

    private static HistogramBase Tagged(HistogramBase histogram, string tag)
    {
        var copy = histogram.Copy();
        copy.Tag = tag;
        return copy;
    }
}
