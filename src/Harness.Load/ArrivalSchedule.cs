namespace Harness.Load;

/// <summary>
/// The intended start times of one stream's requests, relative to the stream's start: a constant arrival rate, or a
/// linear ramp from <see cref="StartRate"/> to <see cref="EndRate"/> over <see cref="Duration"/>, with evenly spaced
/// arrivals or Poisson ones drawn from <see cref="PoissonSeed"/> (the same seed gives the same times). Bounded by the
/// duration and by <see cref="MaxCount"/>. Pure: nothing here reads a clock.
/// </summary>
/// <remarks>
/// Both shapes share one construction: the cumulative intended count is N(t) = r0·t + (r1 − r0)·t² / (2·D); arrival i
/// happens where N(t) reaches u_i, with u_i = i for even spacing (so a constant 200/s gives 0, 5 ms, 10 ms...) and u_i a
/// sum of unit exponentials for Poisson (time-rescaling: a unit-rate Poisson process mapped through N⁻¹ has rate r(t)).
/// </remarks>
public sealed record ArrivalSchedule
{
    private ArrivalSchedule(double startRate, double endRate, TimeSpan duration, long maxCount, int? poissonSeed)
    {
        if (!double.IsFinite(startRate) || startRate < 0 || !double.IsFinite(endRate) || endRate < 0)
        {
            throw new LoadConfigurationException($"An arrival rate must be a finite number of requests per second >= 0, not {startRate} -> {endRate}.");
        }

        if (startRate == 0 && endRate == 0)
        {
            throw new LoadConfigurationException("An arrival schedule needs a rate above 0 requests per second at some point.");
        }

        if (duration <= TimeSpan.Zero)
        {
            throw new LoadConfigurationException($"An arrival schedule needs a duration above zero, not {duration}.");
        }

        if (maxCount <= 0)
        {
            throw new LoadConfigurationException($"An arrival schedule's maximum count must be at least 1, not {maxCount}.");
        }

        StartRate = startRate;
        EndRate = endRate;
        Duration = duration;
        MaxCount = maxCount;
        PoissonSeed = poissonSeed;
    }

    /// <summary>Requests per second at the start.</summary>
    public double StartRate { get; }

    /// <summary>Requests per second at the end (equal to <see cref="StartRate"/> for a constant rate).</summary>
    public double EndRate { get; }

    /// <summary>No arrival at or after this offset.</summary>
    public TimeSpan Duration { get; }

    /// <summary>No more arrivals than this.</summary>
    public long MaxCount { get; }

    /// <summary>Poisson inter-arrivals from this seed, or evenly spaced arrivals when null.</summary>
    public int? PoissonSeed { get; }

    /// <summary>A constant rate of <paramref name="requestsPerSecond"/> for <paramref name="duration"/>.</summary>
    public static ArrivalSchedule Constant(double requestsPerSecond, TimeSpan duration, long maxCount = long.MaxValue) =>
        new(requestsPerSecond, requestsPerSecond, duration, maxCount, poissonSeed: null);

    /// <summary>A rate rising (or falling) linearly from <paramref name="startRate"/> to <paramref name="endRate"/> over <paramref name="duration"/>.</summary>
    public static ArrivalSchedule Ramp(double startRate, double endRate, TimeSpan duration, long maxCount = long.MaxValue) =>
        new(startRate, endRate, duration, maxCount, poissonSeed: null);

    /// <summary>The same rates with Poisson inter-arrivals drawn from <paramref name="seed"/>.</summary>
    public ArrivalSchedule WithPoisson(int seed) => new(StartRate, EndRate, Duration, MaxCount, seed);

    /// <summary>The expected number of arrivals (N(D), capped by <see cref="MaxCount"/>); exact for even spacing up to rounding.</summary>
    public double ExpectedCount => Math.Min(MaxCount, (StartRate + EndRate) / 2 * Duration.TotalSeconds);

    /// <summary>The intended start offsets in order, computed lazily (memory does not grow with the count).</summary>
    public IEnumerable<TimeSpan> IntendedStarts()
    {
        var random = PoissonSeed is { } seed ? new Random(seed) : null;
        var durationSeconds = Duration.TotalSeconds;
        var u = 0.0;
        for (long i = 0; i < MaxCount; i++)
        {
            if (random is not null)
            {
                // Unit exponential; 1 - NextDouble() is in (0, 1], so the logarithm is finite.
                u += -Math.Log(1.0 - random.NextDouble());
            }
            else
            {
                u = i;
            }

            var seconds = TimeAtCumulativeCount(u, durationSeconds);
            if (double.IsNaN(seconds) || seconds >= durationSeconds)
            {
                yield break;
            }

            yield return TimeSpan.FromTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
        }
    }

    /// <summary>N⁻¹(u): the time at which the cumulative intended count reaches <paramref name="u"/>, NaN when it never does.</summary>
    private double TimeAtCumulativeCount(double u, double durationSeconds)
    {
        if (u == 0)
        {
            return 0;
        }

        var a = (EndRate - StartRate) / (2 * durationSeconds);
        var b = StartRate;
        if (a == 0)
        {
            return u / b;
        }

        var discriminant = (b * b) + (4 * a * u);
        if (discriminant < 0)
        {
            return double.NaN;
        }

        // The root of a·t² + b·t − u = 0 written to stay exact as a tends to 0 (no cancellation).
        return 2 * u / (b + Math.Sqrt(discriminant));
    }
}
