using Harness.Targets.Credentials;

namespace Harness.Scenarios.Chaos;

/// <summary>A write a tenant makes: the request with its own ids in the path, and the body template with its marker placeholder.</summary>
internal sealed record ChaosTenantWrite(string Route, string Method, string Path, string Body)
{
    /// <summary>A POST creates a row per request: only then can a write be missing or doubled.</summary>
    public bool Creates => Method == "POST";
}

/// <summary>A tenant of the run: who it acts as, the reads it makes (its own data only) and its writes.</summary>
internal sealed class ChaosTenant(TenantPrincipal principal, IReadOnlyList<ChaosRead> reads, IReadOnlyList<ChaosTenantWrite>? writes = null)
{
    private int nextRead = -1;
    private int nextWrite = -1;

    public TenantPrincipal Principal => principal;

    public IReadOnlyList<ChaosRead> Reads => reads;

    public IReadOnlyList<ChaosTenantWrite> Writes => writes ?? [];

    public int Index => principal.TenantIndex;

    /// <summary>The tenant's reads in turn.</summary>
    public ChaosRead NextRead() => reads[(int)((uint)Interlocked.Increment(ref nextRead) % (uint)reads.Count)];

    /// <summary>The tenant's writes in turn.</summary>
    public ChaosTenantWrite NextWrite() => Writes[(int)((uint)Interlocked.Increment(ref nextWrite) % (uint)Writes.Count)];
}
