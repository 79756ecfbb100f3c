using Harness.Targets.Credentials;

namespace Harness.Scenarios.Chaos;

/// <summary>A tenant of the run: who it acts as, and the reads it makes (its own data only).</summary>
internal sealed class ChaosTenant(TenantPrincipal principal, IReadOnlyList<ChaosRead> reads)
{
    private int next = -1;

    public TenantPrincipal Principal => principal;

    public IReadOnlyList<ChaosRead> Reads => reads;

    public int Index => principal.TenantIndex;

    /// <summary>The tenant's reads in turn.</summary>
    public ChaosRead NextRead() => reads[(int)((uint)Interlocked.Increment(ref next) % (uint)reads.Count)];
}
