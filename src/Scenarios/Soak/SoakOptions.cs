namespace Harness.Scenarios.Soak;

/// <summary>
/// The manifest's <c>soak</c> section: what every stream requests, the neighbours' steady rate, the noisy tenant's flood,
/// the phases and the thresholds. Defaults as documented; <see cref="StartAt"/> comes from the command line only.
/// </summary>
public sealed record SoakOptions
{
    /// <summary>The default total duration, split 25 % baseline, 50 % flood, 25 % recovery.</summary>
    public static readonly TimeSpan DefaultDuration = TimeSpan.FromMinutes(2);

    /// <summary>What every stream requests, <c>METHOD /path</c>; a <c>{param}</c> gets the tenant's own seeded id. Null when the manifest names none.</summary>
    public string? Endpoint { get; init; }

    /// <summary>Tenants kept at a steady rate (default 4).</summary>
    public int Neighbours { get; init; } = 4;

    /// <summary>Requests per second of each neighbour (default 2), under their quota.</summary>
    public double Rate { get; init; } = 2;

    /// <summary>Requests per second of the flooding tenant during the flood (default 60).</summary>
    public double Noisy { get; init; } = 60;

    /// <summary>The phases; their sum is the soak's duration.</summary>
    public SoakPhases Phases { get; init; } = SoakPhases.Split(DefaultDuration);

    /// <summary>Poisson arrivals from the run's seed (default true); evenly spaced otherwise.</summary>
    public bool Poisson { get; init; } = true;

    /// <summary>Distinct tenant ids the noisy stream cycles through during the flood (0: the noisy tenant alone).</summary>
    public int Churn { get; init; }

    /// <summary>When a check fails.</summary>
    public SoakThresholds Thresholds { get; init; } = new();

    /// <summary>
    /// A common wall-clock start for the load (<c>harness soak --start-at</c>, for shards on several machines), or null to
    /// start as soon as the app is ready. A time that has passed when the load would start is refused.
    /// </summary>
    public DateTimeOffset? StartAt { get; init; }

    /// <summary>
    /// The generator's own send-lag bound (p99) above which the run is saturated and not judged (<c>maxLag</c>, or
    /// <c>harness soak --max-lag</c>); null for the engine's default, 2 ms. Widen it only on a machine whose cores the app,
    /// PostgreSQL and the generator share, and keep it well under <see cref="SoakThresholds.P99SlackMs"/>: latency is
    /// measured from each request's intended start, so a late send counts against the app, never in its favour.
    /// </summary>
    public TimeSpan? MaxSendLag { get; init; }

    /// <summary>The total duration of the phases.</summary>
    public TimeSpan Duration => Phases.Total;

    /// <summary>The same soak lasting <paramref name="duration"/>: the phases keep their shares of the total.</summary>
    public SoakOptions WithDuration(TimeSpan duration) => this with { Phases = Phases.ScaledTo(duration) };
}

/// <summary>The three phases of a soak, one after another: neighbours alone, neighbours with the noisy tenant, neighbours alone again.</summary>
public sealed record SoakPhases(TimeSpan Baseline, TimeSpan Flood, TimeSpan Recovery)
{
    /// <summary>The phase names as streams and reports use them.</summary>
    public const string BaselineName = "baseline";

    /// <inheritdoc cref="BaselineName"/>
    public const string FloodName = "flood";

    /// <inheritdoc cref="BaselineName"/>
    public const string RecoveryName = "recovery";

    /// <summary>Baseline + flood + recovery.</summary>
    public TimeSpan Total => Baseline + Flood + Recovery;

    /// <summary>When the flood starts, from the load's start.</summary>
    public TimeSpan FloodStart => Baseline;

    /// <summary>When the flood ends (and recovery starts), from the load's start.</summary>
    public TimeSpan FloodEnd => Baseline + Flood;

    /// <summary><paramref name="total"/> split 25 % baseline, 50 % flood, 25 % recovery.</summary>
    public static SoakPhases Split(TimeSpan total) => new(total / 4, total / 2, total - (total / 4) - (total / 2));

    /// <summary>These phases stretched or shrunk to <paramref name="total"/>, each keeping its share.</summary>
    public SoakPhases ScaledTo(TimeSpan total)
    {
        var factor = total / Total;
        var baseline = Baseline * factor;
        var flood = Flood * factor;
        return new(baseline, flood, total - baseline - flood);
    }
}

/// <summary>The soak's pass/fail thresholds (like k6's), per neighbour.</summary>
public sealed record SoakThresholds
{
    /// <summary>A neighbour's flood p99 above max(factor x baseline p99, baseline p99 + <see cref="P99SlackMs"/>) fails (default 1.5).</summary>
    public double P99Factor { get; init; } = 1.5;

    /// <summary>The absolute floor of the p99 bound, in milliseconds, which absorbs small-sample jitter (default 25).</summary>
    public double P99SlackMs { get; init; } = 25;

    /// <summary>A neighbour's success rate (2xx share) down by more than this many percentage points fails (default 1).</summary>
    public double SuccessDropPoints { get; init; } = 1;

    /// <summary>Jain's index over the neighbours' goodput during the flood below this fails (default 0.95).</summary>
    public double Fairness { get; init; } = 0.95;

    /// <summary>Neighbours' per-second p99 must be back under the p99 bound within this after the flood (default 10 s).</summary>
    public TimeSpan Recovery { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Stop the load early once neighbours have been failing for a few seconds during the flood (default false).</summary>
    public bool AbortOnFail { get; init; }
}
