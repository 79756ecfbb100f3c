namespace Harness.Load;

/// <summary>One stream over one second (the last interval may be shorter): what it offered and how it was answered.</summary>
/// <param name="StreamKey">The stream's <c>name/phase</c>.</param>
/// <param name="Start">The interval's start, relative to the run's start.</param>
/// <param name="End">The interval's end, relative to the run's start.</param>
/// <param name="Offered">Intended starts that fell due in the interval (sent or dropped).</param>
/// <param name="Statuses">How the requests completed in the interval ended.</param>
/// <param name="Latency">Corrected latency (completion − intended start) of the requests completed in the interval.</param>
public sealed record LoadInterval(string StreamKey, TimeSpan Start, TimeSpan End, long Offered, StatusCounts Statuses, LatencySummary Latency);
