namespace Harness.Load;

/// <summary>
/// A run's streams and whether the generator kept its schedule. When <see cref="Saturated"/> the latencies were measured
/// on a schedule the generator did not keep: the caller reports the run INCOMPLETE ("load generator saturated") and
/// judges nothing from it.
/// </summary>
/// <param name="Streams">One result per stream, in the order given.</param>
/// <param name="SaturationReasons">Why the run is saturated (a send-lag p99 above the bound, an in-flight cap reached), one line per stream and cause; empty when it is not.</param>
/// <param name="Cancelled">The caller cancelled the run: the streams hold what was measured until then.</param>
/// <param name="Elapsed">From the run's start to the end of the drain.</param>
public sealed record LoadResult(IReadOnlyList<StreamResult> Streams, IReadOnlyList<string> SaturationReasons, bool Cancelled, TimeSpan Elapsed)
{
    /// <summary>The generator could not keep its schedule; see <see cref="SaturationReasons"/>.</summary>
    public bool Saturated => SaturationReasons.Count > 0;

    /// <summary>The stream with this <c>name/phase</c> key.</summary>
    public StreamResult this[string key] => Streams.Single(s => s.Key == key);
}
