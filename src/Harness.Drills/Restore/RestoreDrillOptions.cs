namespace Harness.Drills.Restore;

/// <summary>What <see cref="RestoreDrill"/> does: the target it provisions, the recovery point it aims at, and its budget.</summary>
public sealed record RestoreDrillOptions
{
    /// <summary>The manifest whose migrations, tenancy and seed the drill's cluster gets.</summary>
    public required string ManifestPath { get; init; }

    /// <summary>How many tenants are seeded; null takes the manifest's <c>seed.tenants</c>.</summary>
    public int? Tenants { get; init; }

    /// <summary>The seed of the deterministic data.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Whether recovery aims at the target's WAL position (default) or at its time.</summary>
    public RecoveryTargetKind Target { get; init; } = RecoveryTargetKind.Lsn;

    /// <summary>Which tool takes the backup and restores it: <c>pg_basebackup</c> (default) or pgBackRest.</summary>
    public BackupTool BackupTool { get; init; } = BackupTool.PgBaseBackup;

    /// <summary>
    /// A tenant (its key value as text) to bring back alone from the restored copy into the damaged live database; it is also the
    /// tenant the scripted disaster deletes; <see cref="LargestTenant"/> picks the seeded tenant with the most rows. Null runs the point-in-time recovery only.
    /// </summary>
    public string? Tenant { get; init; }

    /// <summary>The <see cref="Tenant"/> that names the seeded tenant with the most rows (the ids are generated, so a first drill cannot know them).</summary>
    public const string LargestTenant = "largest";

    /// <summary>The most the steps from the base backup to the verified restore may take together (RST006).</summary>
    public TimeSpan RtoBudget { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Journaled writes before the recovery target, and after it (before the disaster).</summary>
    public int WritesBeforeTarget { get; init; } = 24;

    /// <summary>Journaled writes after the recovery target, before the disaster.</summary>
    public int WritesAfterTarget { get; init; } = 12;

    /// <summary>Where the drill's folders (cluster, archive, base backup, restored copy) are created; null is the temp folder.</summary>
    public string? TempRoot { get; init; }

    /// <summary>Restores the first seeded tenant alone when <see cref="Tenant"/> is null (tests, which cannot know the seeded ids beforehand).</summary>
    internal bool SingleTenantOfFirstSeeded { get; init; }

    /// <summary>A planted flaw in the drill's own procedure, to show the checks find it; <see cref="RestoreDrillFlaw.None"/> in real use.</summary>
    internal RestoreDrillFlaw Flaw { get; init; }
}

/// <summary>Which recovery target the point-in-time recovery is given.</summary>
public enum RecoveryTargetKind
{
    /// <summary><c>recovery_target_lsn</c>: the WAL position right after the last commit before the target.</summary>
    Lsn,

    /// <summary><c>recovery_target_time</c>: a time between the last commit before the target and the first after it.</summary>
    Time,
}

/// <summary>The tool the drill backs up and restores with.</summary>
public enum BackupTool
{
    /// <summary><c>pg_basebackup</c> checked by <c>pg_verifybackup</c>, WAL archived by <c>cp</c>, recovery set up by the drill.</summary>
    PgBaseBackup,

    /// <summary>pgBackRest: <c>archive-push</c>, <c>backup --type=full</c>, <c>verify</c>, <c>restore</c> with the recovery target.</summary>
    PgBackRest,
}

/// <summary>
/// Flaws planted in the drill's reference procedure (tests and documentation only): each is what a real restore gets wrong, and
/// each must be found by the rule named.
/// </summary>
internal enum RestoreDrillFlaw
{
    None,

    /// <summary>Recovery is given no target: it replays every archived WAL segment, the disaster included (RST005, RST002).</summary>
    LatestInsteadOfTarget,

    /// <summary>A policy is dropped on the restored copy before it is verified, as a restore that lost one (RST004).</summary>
    MissingPolicy,

    /// <summary>The single-tenant restore also deletes another tenant's rows in one table (RST007).</summary>
    SingleTenantTouchesAnother,
}
