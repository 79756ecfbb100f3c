using Harness.Catalog;
using Harness.Ledger;
using Harness.Model;

namespace Harness.Running;

/// <summary>What a scenario may use: the model, the catalog of the schema under test, and connections.</summary>
/// <param name="AdminConnectionString">Owner/superuser connection with <c>Search Path</c> set to <paramref name="Schema"/>.</param>
/// <param name="AppConnectionString">The app role's connection with the same search path, or null when unknown.</param>
/// <param name="Ledger">Which seeded rows and canaries belong to which tenant; null where nothing was seeded (a read-only audit).</param>
public sealed record ScenarioContext(
    TenancyModel Model,
    CatalogSnapshot Catalog,
    string Schema,
    string AdminConnectionString,
    string? AppConnectionString,
    SeedLedger? Ledger = null,
    IProgress<string>? Progress = null)
{
    /// <summary>The family's own options, as its <see cref="IScenario.ReadOptions"/> read them; null for the defaults.</summary>
    public object? Options { get; init; }

    /// <summary>This run's slice of the probes (<c>--shard i/n</c>), for families that are <see cref="ScenarioNeeds.Shardable"/>.</summary>
    public Shard Shard { get; init; } = Shard.All;

    /// <summary>
    /// Asks a family that measures over time (a soak) to stop early and report what it measured so far: unlike the
    /// cancellation token, the run goes on to judge and write its reports. Families of probes may ignore it.
    /// </summary>
    public CancellationToken StopRequested { get; init; }

    /// <summary>
    /// What adapters outside the core hand a family, by type (e.g. the running app for families that need
    /// <see cref="ScenarioNeeds.RunningTarget"/>); read with <see cref="Feature{T}"/>, add with <see cref="WithFeature{T}"/>.
    /// </summary>
    public IReadOnlyDictionary<Type, object> Features { get; init; } = new Dictionary<Type, object>();

    /// <summary>The feature of type <typeparamref name="T"/>, or null.</summary>
    public T? Feature<T>()
        where T : class => Features.TryGetValue(typeof(T), out var value) ? (T)value : null;

    /// <summary>A copy of this context that also carries <paramref name="feature"/>.</summary>
    public ScenarioContext WithFeature<T>(T feature)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(feature);
        return this with { Features = new Dictionary<Type, object>(Features) { [typeof(T)] = feature } };
    }
}
