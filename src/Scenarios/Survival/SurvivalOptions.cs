namespace Harness.Scenarios.Survival;

/// <summary>The manifest's <c>survival</c> section.</summary>
public sealed record SurvivalOptions
{
    /// <summary>The baseline version (a version, a step name, a unique prefix or a 1-based index); null when the section is absent.</summary>
    public string? From { get; init; }

    /// <summary>How many seeded tenants the quick RLS matrix of each step probes one against another (at least 2).</summary>
    public int Pairs { get; init; } = 3;

    /// <summary>Data changes the migrations are meant to make: MIG010 is not reported for these.</summary>
    public IReadOnlyList<ExpectedDataChange> ExpectedDataChanges { get; init; } = [];
}

/// <summary>A table whose rows a migration is meant to change, move or remove.</summary>
/// <param name="Migration">The step (version, step name or unique prefix); null for every step.</param>
public sealed record ExpectedDataChange(string? Migration, string Table);
