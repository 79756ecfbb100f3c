using HdrHistogram;

namespace Harness.Load;

/// <summary>
/// What one stream (one name and phase) offered and measured. Latencies are in microseconds: <see cref="Latency"/> is
/// completion − intended start (corrected for coordinated omission, as wrk2 reports), <see cref="ServiceTime"/> is
/// completion − actual send (the naive figure; the send is when the request went out on a connection, see
/// <see cref="ActualSend"/>, else when the send delegate was called), <see cref="SendLag"/> is that call − intended start.
/// </summary>
public sealed record StreamResult
{
    /// <summary>The stream's <c>name/phase</c>.</summary>
    public required string Key { get; init; }

    /// <summary>The stream's name (e.g. a tenant).</summary>
    public required string Name { get; init; }

    /// <summary>The stream's phase.</summary>
    public required string Phase { get; init; }

    /// <summary>Intended starts that fell due before the schedule ended or the run was cancelled.</summary>
    public required long Offered { get; init; }

    /// <summary>Requests actually sent (offered minus dropped).</summary>
    public required long Sent { get; init; }

    /// <summary>Arrivals not sent because <see cref="LoadStream.MaxInFlight"/> requests were already outstanding.</summary>
    public required long Dropped { get; init; }

    /// <summary>The schedule's duration, the denominator of the rates.</summary>
    public required TimeSpan Duration { get; init; }

    /// <summary>How the sent requests ended.</summary>
    public required StatusCounts Statuses { get; init; }

    /// <summary>Corrected latency: completion − intended start.</summary>
    public required LatencySummary Latency { get; init; }

    /// <summary>Uncorrected latency: completion − actual send (on a connection, when the target marks it: <see cref="ActualSend"/>).</summary>
    public required LatencySummary ServiceTime { get; init; }

    /// <summary>Call of the send delegate − intended start: how late the generator itself was.</summary>
    public required LatencySummary SendLag { get; init; }

    /// <summary>The whole corrected-latency histogram (µs), for logs, merging and percentile spectra.</summary>
    public required HistogramBase LatencyHistogram { get; init; }

    /// <summary>The whole service-time histogram (µs).</summary>
    public required HistogramBase ServiceTimeHistogram { get; init; }

    /// <summary>The whole send-lag histogram (µs).</summary>
    public required HistogramBase SendLagHistogram { get; init; }

    /// <summary>Per-second counts and latency summaries (memory grows with seconds, never with requests).</summary>
    public required IReadOnlyList<LoadInterval> Intervals { get; init; }

    /// <summary>Requests offered per second of the schedule.</summary>
    public double OfferedRate => Offered / Duration.TotalSeconds;

    /// <summary>Requests sent per second of the schedule.</summary>
    public double AchievedRate => Sent / Duration.TotalSeconds;

    /// <summary>2xx answers per second of the schedule.</summary>
    public double Goodput => Statuses.Success / Duration.TotalSeconds;
}
