namespace Harness.Drills.Verify;

/// <summary>How <see cref="RestoreVerifier"/> compares a restored database with what it should hold.</summary>
public sealed record RestoreVerifyOptions
{
    /// <summary>The tenants to judge (tenant key values as text); null judges every tenant either side has.</summary>
    public IReadOnlySet<string>? Tenants { get; init; }

    /// <summary>The most findings each check reports (the rest are counted in the last one's message).</summary>
    public int MaxFindings { get; init; } = 20;

    /// <summary>The most primary keys named per table and tenant when a reference database is compared row by row.</summary>
    public int MaxKeys { get; init; } = 20;

    /// <summary>
    /// A second database that holds the expected state (read-only too), or null: with it, every (table, tenant) whose digest
    /// differs is compared row by row and the differing primary keys are named.
    /// </summary>
    public string? AgainstConnectionString { get; init; }
}
