using Harness.Errors;

namespace Harness.Seeders;

/// <summary>How much to seed and from which seed. The same options give the same rows, run after run.</summary>
public sealed record SeedOptions
{
    public int Tenants { get; init; } = 50;

    public int UsersPerTenant { get; init; } = 3;

    public int RowsPerTable { get; init; } = 5;

    /// <summary>The one seed every random choice flows from.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>0 for tenants of equal size; above 0 a few tenants are large and many small (1.0 is a Zipf-like spread).</summary>
    public double Skew { get; init; }

    /// <summary>Connections seeding tenants in parallel (each owns a group of tenants).</summary>
    public int Parallelism { get; init; } = Math.Clamp(Environment.ProcessorCount, 1, 4);

    /// <summary>Rules for columns the seeder cannot or should not fill, keyed <c>table.column</c>.</summary>
    public IReadOnlyDictionary<string, ColumnRule> Rules { get; init; } = new Dictionary<string, ColumnRule>();

    /// <summary>
    /// The share of each tenant's rows seeded soft-deleted in tables with a soft-delete column (<c>deleted_at</c>,
    /// <c>is_deleted</c>...), 0 to 1; 0 turns it off. The root and membership rows and each table's first row stay live.
    /// </summary>
    public double SoftDeleted { get; init; } = 0.2;

    /// <summary>
    /// Skip foreign-key and other triggers while loading (<c>session_replication_role = replica</c>, superuser only).
    /// The seeder keeps every foreign key inside its tenant by construction, so the checks would only cost time.
    /// </summary>
    public bool SkipTriggers { get; init; }

    /// <summary>The fixed instant generated timestamps are spread before; never the wall clock, so data is repeatable.</summary>
    public DateTimeOffset Epoch { get; init; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Refuses values out of range, naming them and the valid range.</summary>
    /// <exception cref="UsageException">A value is out of its range.</exception>
    public void Validate()
    {
        if (Tenants < 2)
        {
            throw new UsageException("seed at least 2 tenants: isolation needs an attacker and a victim") { Option = "--tenants" };
        }

        if (UsersPerTenant < 1 || RowsPerTable < 1)
        {
            throw new UsageException("users per tenant and rows per table must be at least 1");
        }

        if (SoftDeleted is < 0 or > 1 || double.IsNaN(SoftDeleted))
        {
            throw new UsageException("the soft-deleted share must be from 0 to 1");
        }

        if (Parallelism < 1 || Skew < 0 || Skew > 4)
        {
            throw new UsageException("parallelism must be at least 1 and skew from 0 to 4");
        }
    }
}
