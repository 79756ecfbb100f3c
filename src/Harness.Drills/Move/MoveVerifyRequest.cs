using Harness.Snapshots;

namespace Harness.Drills.Move;

/// <summary>What <see cref="MoveVerifier"/> checks: which tenant moved, where from and to, and what it should have carried.</summary>
public sealed record MoveVerifyRequest
{
    /// <summary>The moved tenant's key as text (a uuid in its canonical lower-case form).</summary>
    public required string Tenant { get; init; }

    public required MoveTenancy Tenancy { get; init; }

    /// <summary>The schema of the tenant tables in the source (the pool).</summary>
    public string SourceSchema { get; init; } = "public";

    /// <summary>The schema of the tenant tables in the destination (the cell).</summary>
    public string TargetSchema { get; init; } = "public";

    /// <summary>
    /// A snapshot of the source taken before the move (<c>harness snapshot</c>): the expected rows of each table the source no
    /// longer holds. It digests the tables with the tenant key and the root; a table reached only through foreign keys is
    /// judged against the source while the source still has the tenant.
    /// </summary>
    public DatabaseSnapshot? Snapshot { get; init; }

    /// <summary>The source's rows of the tenant read before the move (<see cref="TenantRowReader"/>), every table included; the drill's own.</summary>
    public IReadOnlyList<TenantRows>? Before { get; init; }

    /// <summary>The move is declared complete: the source must hold no row of the tenant (MOV003).</summary>
    public bool Complete { get; init; }

    /// <summary>How many row keys a finding names.</summary>
    public int MaxKeys { get; init; } = 5;
}
