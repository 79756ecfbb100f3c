using Harness.Findings;

namespace Harness.Drills;

/// <summary>
/// The rules of restore verification (RST), tenant moves (MOV) and tenant deletions (DEL): a backup is only as good as the
/// restore checked per tenant, a move only as good as what it left behind.
/// </summary>
public static class DrillRules
{
    public static readonly Rule BackupInvalid = new(
        "RST001", "Backup or WAL invalid", Severity.High,
        "Fix what the backup tool's verification names (missing or changed files, missing WAL) and take a new base backup; a restore from this one cannot be trusted.");

    public static readonly Rule TenantRowsDiffer = new(
        "RST002", "A tenant's rows after the restore differ from the expected state", Severity.Critical,
        "Restore to the intended point again and compare: rows missing, extra or changed at the target mean the backup, the WAL or the recovery target is wrong for this tenant.");

    public static readonly Rule CrossTenantContamination = new(
        "RST003", "Cross-tenant contamination in the restored database", Severity.Critical,
        "A tenant's canary or rows sit under another tenant's key (or a key of no tenant): restore to a point before the damage, and find what wrote across tenants.");

    public static readonly Rule SecurityCatalogDiffers = new(
        "RST004", "Security catalog differs after the restore", Severity.High,
        "Bring back what the restore lost (row level security, FORCE, policies, grants, roles; a logical restore needs pg_dumpall --globals-only) before the app uses the database.");

    public static readonly Rule WrongRecoveryPoint = new(
        "RST005", "Recovery stopped at the wrong point", Severity.High,
        "Set the recovery target explicitly (recovery_target_lsn or _time, recovery_target_action = promote) and check the server log's 'recovery stopping' line; with pgBackRest, a time no backup covers restores the latest backup instead.");

    public static readonly Rule RecoveryTooSlow = new(
        "RST006", "Restore time above its budget", Severity.Medium,
        "Make the slow step faster (a fresher base backup shortens WAL replay; parallel copy) or raise the declared budget knowingly.");

    public static readonly Rule SingleTenantRestoreCollateral = new(
        "RST007", "A single-tenant restore changed other tenants or left sequences behind", Severity.High,
        "Restore one tenant inside one transaction that touches only its key, and set each sequence past the largest id it serves.");

    public static readonly Rule MoveCarriedOtherTenant = new(
        "MOV001", "A tenant move carried another tenant's rows", Severity.Critical,
        "Select every table of the move by the tenant key; a child table reached only through a foreign key needs the join to its tenant-keyed parent.");

    public static readonly Rule MoveIncomplete = new(
        "MOV002", "A tenant move missed rows or a table", Severity.High,
        "Copy every tenant table in foreign-key order, children included, and compare counts and hashes per table before declaring the move done.");

    public static readonly Rule MoveLeftovers = new(
        "MOV003", "A completed tenant move left rows in the source", Severity.High,
        "Delete the tenant's rows from the source (children first) once the destination is verified, in one transaction.");

    public static readonly Rule MoveSecurityMissing = new(
        "MOV004", "The move's destination lacks the source's isolation", Severity.High,
        "Create the destination's schema with the same row level security, FORCE, policies and grants as the source before copying rows.");

    public static readonly Rule DeletionLeftRows = new(
        "DEL001", "A tenant deletion left rows behind", Severity.High,
        "Delete the tenant's rows from every tenant table, soft-deleted rows and tables reached only through foreign keys included (or cascade from the root).");

    public static IReadOnlyList<Rule> Restore { get; } =
        [BackupInvalid, TenantRowsDiffer, CrossTenantContamination, SecurityCatalogDiffers, WrongRecoveryPoint, RecoveryTooSlow, SingleTenantRestoreCollateral];

    public static IReadOnlyList<Rule> Move { get; } = [MoveCarriedOtherTenant, MoveIncomplete, MoveLeftovers, MoveSecurityMissing];

    public static IReadOnlyList<Rule> Delete { get; } = [DeletionLeftRows];
}
