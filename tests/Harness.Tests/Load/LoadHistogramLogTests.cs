using FluentAssertions;
using HdrHistogram;
using Harness.Load;

namespace Harness.Tests.Load;

public sealed class LoadHistogramLogTests
{
    [Fact]
    public void Logs_written_per_shard_and_read_back_add_up_to_the_same_count_and_max()
    {
        var shardOne = Result("tenant-a/flood", 1_000, 250_000, 37);
        var shardTwo = Result("tenant-a/flood", 5, 1_800_000, 11);
        var other = Result("tenant-b/baseline", 2_000, 9_000, 23);

        var merged = LoadHistogramLog.ReadMerged([Log(shardOne, other), Log(shardTwo)]);

        merged.Keys.Should().BeEquivalentTo("tenant-a/flood:latency", "tenant-a/flood:service", "tenant-b/baseline:latency", "tenant-b/baseline:service");
        var flood = merged["tenant-a/flood:latency"];
        flood.TotalCount.Should().Be(shardOne.LatencyHistogram.TotalCount + shardTwo.LatencyHistogram.TotalCount);
        flood.GetMaxValue().Should().Be(shardTwo.LatencyHistogram.GetMaxValue());
        var expected = shardOne.LatencyHistogram.Copy();
        expected.Add(shardTwo.LatencyHistogram);
        flood.GetValueAtPercentile(99).Should().Be(expected.GetValueAtPercentile(99), "an exact merge, not an average of percentiles");
        merged["tenant-b/baseline:service"].TotalCount.Should().Be(other.ServiceTimeHistogram.TotalCount);
    }

    private static MemoryStream Log(params StreamResult[] streams)
    {
        var log = new MemoryStream();
        LoadHistogramLog.Write(log, new DateTime(2026, 11, 30, 0, 0, 0, DateTimeKind.Utc), streams);
        return new MemoryStream(log.ToArray());
    }

    private static StreamResult Result(string key, long lowest, long highest, int count)
    {
        var latency = LatencyHistograms.Create();
        var service = LatencyHistograms.Create();
        for (var i = 0; i < count; i++)
        {
            latency.RecordValue(lowest + ((highest - lowest) * i / Math.Max(1, count - 1)));
            service.RecordValue(lowest);
        }

        return new StreamResult
        {
            Key = key,
            Name = key.Split('/')[0],
            Phase = key.Split('/')[1],
            Offered = count,
            Sent = count,
            Dropped = 0,
            Duration = TimeSpan.FromSeconds(1),
            Statuses = new StatusCounts(count, 0, 0, 0, 0, 0),
            Latency = LatencySummary.Of(latency),
            ServiceTime = LatencySummary.Of(service),
            SendLag = default,
            LatencyHistogram = latency,
            ServiceTimeHistogram = service,
            SendLagHistogram = LatencyHistograms.Create(),
            Intervals = [],
        };
    }
}
