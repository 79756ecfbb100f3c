namespace Harness.Seeders;

/// <summary>How much to seed and from which seed. The same options give the same rows, run after run.</summary>
public sealed record SeedOptions
{
    public int Tenants { get; init; } = 50;

    public int UsersPerTenant { get; init; } = 3;

    public int RowsPerTable { get; init; } = 5;

    /// <summary>The one seed every random choice flows from.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>The fixed instant generated timestamps are spread before; never the wall clock, so data is repeatable.</summary>
    public DateTimeOffset Epoch { get; init; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public void Validate()
    {
        if (Tenants < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(Tenants), Tenants, "seed at least 2 tenants: isolation needs an attacker and a victim");
        }

        if (UsersPerTenant < 1 || RowsPerTable < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(RowsPerTable), "users per tenant and rows per table must be at least 1");
        }
    }
}
