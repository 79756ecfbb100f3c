using Harness.Errors;
using Harness.Manifest;
using Harness.Running;
using Harness.Scenarios.Audit;
using Harness.Scenarios.Chaos;
using Harness.Scenarios.Idor;
using Harness.Scenarios.Quota;
using Harness.Scenarios.Rls;
using Harness.Scenarios.Soak;
using Harness.Scenarios.Survival;
using Harness.Targets.Manifest;

namespace Harness.Runner;

/// <summary>
/// The scenario families a run can name with <c>--scenarios</c>, and so the manifest sections it reads. Immutable:
/// <see cref="Add"/> returns a new registry, so a test or a gate adds a family of its own without touching the default.
/// </summary>
public sealed class ScenarioRegistry
{
    private readonly IReadOnlyList<IScenario> families;

    private ScenarioRegistry(IReadOnlyList<IScenario> families) => this.families = families;

    /// <summary>No family at all; start here to run only families of your own.</summary>
    public static ScenarioRegistry Empty { get; } = new([]);

    /// <summary>The built-in families: the catalog audit, the RLS allow/deny matrix, cross-tenant IDOR, per-tenant quotas and the noisy-neighbour soak (run only when named).</summary>
    public static ScenarioRegistry Default { get; } = Empty.Add(new CatalogAudit()).Add(new RlsMatrix()).Add(new IdorScenario()).Add(new QuotaScenario()).Add(new SoakScenario()).Add(new SurvivalScenario()).Add(new ChaosScenario());

    /// <summary>Every registered family, in registration order (the order <c>all</c> runs them in).</summary>
    public IReadOnlyList<IScenario> All => families;

    /// <summary>The manifest sections a run reads beyond the core's: the app's (target, credentials, endpoints) and each family's own.</summary>
    public IReadOnlyList<IManifestSectionReader> ManifestReaders =>
        [.. TargetManifestSections.Readers, .. families.Where(f => f.SectionKey is not null).Select(f => new FamilySection(f))];

    /// <summary>A registry with <paramref name="family"/> added after the others.</summary>
    /// <exception cref="ArgumentException">Its id, or its manifest section, is taken.</exception>
    public ScenarioRegistry Add(IScenario family)
    {
        ArgumentNullException.ThrowIfNull(family);
        if (string.IsNullOrWhiteSpace(family.Id) || family.Id == "all" || family.Id.Contains(',', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{family.Id}' cannot be a scenario id: it must be non-empty, not 'all', and without commas", nameof(family));
        }

        if (families.Any(f => f.Id == family.Id))
        {
            throw new ArgumentException($"a scenario family with id '{family.Id}' is registered already", nameof(family));
        }

        if (family.SectionKey is { } key && ManifestLoader.CoreKeys.Concat(ManifestReaders.Select(r => r.Key)).Contains(key))
        {
            throw new ArgumentException($"scenario family '{family.Id}' reads manifest section '{key}', which is taken", nameof(family));
        }

        return new([.. families, family]);
    }

    /// <summary>The families <c>--scenarios</c> names (<c>all</c> for every one).</summary>
    /// <exception cref="UsageException">An id is not registered.</exception>
    public IReadOnlyList<IScenario> Select(IReadOnlyList<string> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 1 && ids[0] == "all")
        {
            return All;
        }

        return [.. ids.Select(id => families.FirstOrDefault(s => s.Id == id)
            ?? throw new UsageException($"unknown scenario '{id}'; valid: all, {string.Join(", ", families.Select(s => s.Id))}") { Option = "--scenarios" })];
    }

    /// <summary>Loads a manifest with every section this registry knows; errors name file, line and column.</summary>
    public Task<HarnessManifest> LoadManifestAsync(string path, CancellationToken cancellationToken = default) =>
        ManifestLoader.LoadAsync(path, ManifestReaders, cancellationToken);

    /// <summary>Parses a manifest with every section this registry knows.</summary>
    public HarnessManifest ParseManifest(string yaml, string sourcePath) => ManifestLoader.Parse(yaml, sourcePath, ManifestReaders);

    private sealed class FamilySection(IScenario family) : IManifestSectionReader
    {
        public string Key => family.SectionKey!;

        public object? Read(ManifestSection section) => family.ReadOptions(section);
    }
}
