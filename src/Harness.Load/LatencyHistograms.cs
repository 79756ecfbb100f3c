using HdrHistogram;

namespace Harness.Load;

/// <summary>The one histogram shape the engine records into and the logs hold, so any two of them add exactly.</summary>
public static class LatencyHistograms
{
    /// <summary>Lowest discernible value: 1 µs.</summary>
    public const long LowestMicroseconds = 1;

    /// <summary>Highest trackable value: 1 hour in µs; longer values are recorded as this.</summary>
    public const long HighestMicroseconds = 3_600_000_000;

    /// <summary>Significant decimal digits kept (0.1 % resolution).</summary>
    public const int SignificantDigits = 3;

    /// <summary>An empty histogram of the engine's shape.</summary>
    public static LongHistogram Create() => new(LowestMicroseconds, HighestMicroseconds, SignificantDigits);

    internal static Recorder CreateRecorder() =>
        new(LowestMicroseconds, HighestMicroseconds, SignificantDigits, (id, low, high, digits) => new LongHistogram(id, low, high, digits));

    internal static long Clamp(long microseconds) => Math.Clamp(microseconds, 0, HighestMicroseconds);
}
