using Harness.Targets.Credentials;

namespace Harness.Scenarios.Soak;

/// <summary>One tenant the soak acts as: its stable label, the principal it signs in as, and the path it requests.</summary>
/// <param name="Label">Its name in subjects, streams and charts: <c>noisy</c> or <c>neighbour N</c>.</param>
/// <param name="Principal">The seeded user it acts as.</param>
/// <param name="Path">The endpoint's path with the tenant's own seeded ids.</param>
internal sealed record SoakTenant(string Label, TenantPrincipal Principal, string Path)
{
    public const string NoisyLabel = "noisy";

    /// <summary>The stream name: the label without spaces (<c>neighbour-2</c>).</summary>
    public string StreamName => Label.Replace(' ', '-');

    public static string NeighbourLabel(int number) => $"neighbour {number}";
}
