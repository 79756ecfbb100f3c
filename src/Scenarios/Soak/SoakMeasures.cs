using Harness.Load;

namespace Harness.Scenarios.Soak;

/// <summary>One neighbour's streams, one per phase (null when the load stopped before the phase began).</summary>
/// <param name="Label">Its stable name in subjects and charts, e.g. <c>neighbour 2</c> (tenant ids change with the seed).</param>
/// <param name="TenantId">The seeded tenant it acts for.</param>
public sealed record NeighbourRun(string Label, string TenantId, StreamResult? Baseline, StreamResult? Flood, StreamResult? Recovery)
{
    /// <summary>Its streams that ran, in phase order.</summary>
    public IEnumerable<StreamResult> Streams => new[] { Baseline, Flood, Recovery }.OfType<StreamResult>();
}

/// <summary>Everything the soak's judge reads.</summary>
/// <param name="Endpoint">The endpoint every stream requested, <c>METHOD /path</c>.</param>
/// <param name="Neighbours">This shard's neighbours.</param>
/// <param name="Noisy">The noisy tenant's flood stream, or null (not in this shard, or stopped before the flood).</param>
/// <param name="Phases">The phases as planned.</param>
/// <param name="Memory">The app's memory, sampled each second: x seconds from the load's start, y MB.</param>
/// <param name="MemoryNotCovered">Why the app's memory could not be sampled, or null.</param>
/// <param name="ChurnNotCovered">Why tenant churn could not be run, or null.</param>
public sealed record SoakMeasures(
    string Endpoint,
    IReadOnlyList<NeighbourRun> Neighbours,
    StreamResult? Noisy,
    SoakPhases Phases,
    int Churn,
    IReadOnlyList<(double X, double Y)> Memory,
    string? MemoryNotCovered = null,
    string? ChurnNotCovered = null);
