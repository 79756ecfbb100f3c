namespace Harness.Manifest;

/// <summary>The tenancy manifest (<c>harness.yaml</c>), as loaded and validated. Paths are absolute.</summary>
public sealed record HarnessManifest
{
    /// <summary>The file it was read from, for messages.</summary>
    public required string SourcePath { get; init; }

    public string Name { get; init; } = "target";

    public required TenancySection Tenancy { get; init; }

    public required DatabaseSection Database { get; init; }

    public MigrationsSection? Migrations { get; init; }

    public SeedSection Seed { get; init; } = new();

    /// <summary>Where sections and named entries are written in the file, for reports that point at them.</summary>
    public ManifestLines Lines { get; init; } = ManifestLines.Empty;

    /// <summary>
    /// The sections read by registered readers (<see cref="IManifestSectionReader"/>: the app's <c>target</c>,
    /// <c>credentials</c> and <c>endpoints</c>, each family's own options), by top-level key; an absent section whose
    /// reader has no defaults is missing.
    /// </summary>
    public IReadOnlyDictionary<string, object> Sections { get; init; } = new Dictionary<string, object>();

    /// <summary>
    /// The role the app's statements run as, whose privileges the catalog is read for: the role the tenant context switches
    /// to (Supabase's <c>authenticated</c>), else the login role (<see cref="Model.TenancyModel.StatementRole"/> of a resolved model).
    /// </summary>
    public string StatementRole => Tenancy.Context.Role ?? Database.AppRole;

    /// <summary>The value the reader of <paramref name="key"/> read, or null when there is none.</summary>
    public T? Section<T>(string key)
        where T : class => Sections.TryGetValue(key, out var value) ? (T)value : null;
}

public sealed record TenancySection
{
    private readonly Model.TenantContextPlan? context;

    public required string Key { get; init; }

    public required string Root { get; init; }

    public string RootKey { get; init; } = "id";

    public string? Membership { get; init; }

    /// <summary>The membership table's user-id column (<c>membership: { table, user }</c>); null for the string form.</summary>
    public string? MembershipUser { get; init; }

    public IReadOnlyList<string> Global { get; init; } = [];

    /// <summary>The setting carrying the tenant's identity (<see cref="Model.TenantContextPlan.IdentitySetting"/>).</summary>
    public required string ContextSetting { get; init; }

    /// <summary>The steps that put a transaction in a tenant's context; by default <c>set_config(ContextSetting, '{tenantId}', true)</c>.</summary>
    public Model.TenantContextPlan Context
    {
        get => context ?? Model.TenantContextPlan.ForSetting(ContextSetting);
        init => context = value;
    }
}

public sealed record DatabaseSection
{
    public required string AppRole { get; init; }

    public string? AppPassword { get; init; }

    /// <summary>
    /// Other roles the app connects as (an owner or back-office pool), by name, with their passwords (null: none); a target
    /// names their connections as <c>{databaseUrl:role}</c> or <c>{connectionString:role}</c>.
    /// </summary>
    public IReadOnlyDictionary<string, string?> Roles { get; init; } = new Dictionary<string, string?>(StringComparer.Ordinal);

    /// <summary>How workers are isolated: a schema each (the default) or a database each (<c>isolation: database</c>).</summary>
    public WorkerIsolation Isolation { get; init; } = WorkerIsolation.Schema;

    /// <summary>With <see cref="WorkerIsolation.Database"/>, the schema holding the tenant tables (<c>database.schema</c>, default <c>public</c>).</summary>
    public string Schema { get; init; } = "public";
}

/// <summary>What one worker of a run is: a schema of the server's database, or a database of its own.</summary>
public enum WorkerIsolation
{
    /// <summary>One schema per worker (<c>h_&lt;run&gt;_w&lt;n&gt;</c>); the migrations must not name schemas.</summary>
    Schema,

    /// <summary>
    /// One database per worker, created from a template database migrated once per run; for migrations that name
    /// schemas (<c>auth.users</c>, <c>app_private.fn</c>).
    /// </summary>
    Database,
}

/// <summary>How the target's schema is created in a worker schema: exactly one of a SQL folder or a command.</summary>
public sealed record MigrationsSection
{
    /// <summary>A folder of <c>*.sql</c> files applied in ordinal file-name order, one transaction each.</summary>
    public string? SqlFolder { get; init; }

    /// <summary>A command (program and arguments) run with the worker's connection in its environment.</summary>
    public IReadOnlyList<string>? Command { get; init; }

    /// <summary>
    /// The versions a command with a <c>{target}</c> argument migrates to, oldest first, written in the manifest; null when
    /// <see cref="VersionsCommand"/> prints them or the command has no <c>{target}</c>.
    /// </summary>
    public IReadOnlyList<string>? Versions { get; init; }

    /// <summary>A command that prints the versions, oldest first, one per line (<c>migrations.versions.command</c>); else null.</summary>
    public IReadOnlyList<string>? VersionsCommand { get; init; }

    /// <summary>Where the command runs; defaults to the manifest's folder.</summary>
    public string? WorkingDirectory { get; init; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(2);
}

public sealed record SeedSection
{
    public int Tenants { get; init; } = 50;

    public int UsersPerTenant { get; init; } = 3;

    public int RowsPerTable { get; init; } = 5;

    /// <summary>0 for tenants of equal size; above 0 a few large tenants and many small ones.</summary>
    public double Skew { get; init; }

    /// <summary>The share of each tenant's rows seeded soft-deleted where a soft-delete column exists (0 turns it off).</summary>
    public double SoftDeleted { get; init; } = 0.2;

    /// <summary>How to fill columns the seeder cannot, keyed <c>table.column</c>.</summary>
    public IReadOnlyList<SeedRuleSection> Rules { get; init; } = [];
}

/// <summary>
/// A seeding rule for one column: pick from <see cref="Values"/> (cast by PostgreSQL; a null item writes NULL),
/// optionally weighted, or leave it to its DEFAULT.
/// </summary>
public sealed record SeedRuleSection(string Table, string Column, IReadOnlyList<string?>? Values, bool UseDefault)
{
    /// <summary>One positive weight per value for a weighted mix, or null for an even pick.</summary>
    public IReadOnlyList<double>? Weights { get; init; }
}
