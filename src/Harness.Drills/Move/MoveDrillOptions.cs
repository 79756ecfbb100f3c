using Harness.Provisioning;

namespace Harness.Drills.Move;

/// <summary>How <see cref="MoveDrill"/> runs: which manifest's schema, how many tenants, which one moves.</summary>
public sealed record MoveDrillOptions
{
    /// <summary>The manifest whose migrations, tenancy and seed settings the drill uses (it needs a migrations section).</summary>
    public required string ManifestPath { get; init; }

    /// <summary>Tenants seeded into the pool.</summary>
    public int Tenants { get; init; } = 3;

    /// <summary>The tenant to move: a seeded tenant's index (0-based) or its id; null moves the first.</summary>
    public string? Tenant { get; init; }

    /// <summary>Progress lines (one per step), or null.</summary>
    public IProgress<string>? Progress { get; init; }

    /// <summary>The reference mover's planted flaw; <see cref="MoverFlaw.None"/> for the clean drill.</summary>
    internal MoverFlaw Flaw { get; init; }

    /// <summary>
    /// A server to run on instead of a local cluster of the drill's own (tests pass the shared one): the drill then creates two
    /// databases of its own on it and drops them afterwards. It needs a superuser.
    /// </summary>
    internal IPostgresServer? Server { get; init; }
}
