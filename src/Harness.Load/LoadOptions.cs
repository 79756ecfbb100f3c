namespace Harness.Load;

/// <summary>How a run is bounded and when it counts as saturated.</summary>
public sealed record LoadOptions
{
    /// <summary>A run whose send lag p99 exceeds this in any stream measured on a schedule it did not keep: saturated (default 2 ms).</summary>
    public TimeSpan MaxLagP99 { get; init; } = TimeSpan.FromMilliseconds(2);

    /// <summary>After the last intended start (or cancellation), how long in-flight requests may still finish; then they are cancelled and counted unfinished.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A request outstanding longer than this is cancelled and counted as a timeout.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The scheduler sleeps (Task.Delay) until this close to an intended start, then spins, yielding, for the rest:
    /// Task.Delay alone wakes late, which would be send lag (measured at 100 requests/s on a busy 2-core Linux machine:
    /// send lag p50 2.3 ms with no spin, 1.2 ms with 0.5 ms, under 0.01 ms with 1 to 2 ms). Spinning yields the core
    /// between checks; its cost is about one core per stream while the interval between arrivals is below the window.
    /// </summary>
    public TimeSpan SpinWindow { get; init; } = TimeSpan.FromMilliseconds(2);

    /// <summary>Called once a second (and once at the end) with each stream's counts and latency over that second; for live lines and drawings.</summary>
    public Action<LoadInterval>? OnInterval { get; init; }

    internal void Validate()
    {
        if (MaxLagP99 < TimeSpan.Zero || DrainTimeout < TimeSpan.Zero || RequestTimeout <= TimeSpan.Zero || SpinWindow < TimeSpan.Zero)
        {
            throw new LoadConfigurationException($"Load options need a lag bound, drain timeout and spin window >= 0 and a request timeout > 0, not {MaxLagP99}, {DrainTimeout}, {SpinWindow}, {RequestTimeout}.");
        }
    }
}
