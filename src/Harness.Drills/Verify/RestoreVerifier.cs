using System.Globalization;
using Harness.Findings;
using Harness.Running;
using Harness.Snapshots;

namespace Harness.Drills.Verify;

/// <summary>
/// Verifies a restored database against the snapshot of what it should hold, per tenant: rows missing, extra or changed
/// (RST002), canaries under another tenant's key (RST003), and the security catalog (RST004). Read-only: it reads the
/// restored side with <see cref="SnapshotReader"/> in a read-only session, with the expected snapshot's own scope.
/// </summary>
public static class RestoreVerifier
{
    public const string ScenarioId = "restore";

    /// <summary>Reads <paramref name="restoredConnectionString"/> with <paramref name="expected"/>'s scope and judges the difference.</summary>
    public static async Task<RestoreVerification> VerifyAsync(
        string restoredConnectionString, DatabaseSnapshot expected, RestoreVerifyOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(options);
        var scope = new SnapshotScope
        {
            TenantKey = expected.TenantKey,
            Root = expected.Root,
            Canaries = [.. expected.Canaries.Select(c => c.Token).Distinct(StringComparer.Ordinal)],
        };
        var restored = await SnapshotReader.ReadAsync(restoredConnectionString, expected.Schema, scope, cancellationToken);
        return Judge(expected, restored, options);
    }

    /// <summary>Judges two snapshots (pure: reads nothing else).</summary>
    public static RestoreVerification Judge(DatabaseSnapshot expected, DatabaseSnapshot restored, RestoreVerifyOptions options)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(restored);
        ArgumentNullException.ThrowIfNull(options);
        var diff = SnapshotDiff.Between(expected, restored);
        bool Judged(string? tenant) => options.Tenants is null || (tenant is not null && options.Tenants.Contains(tenant));
        var data = diff.Data.Where(d => Judged(d.TenantId)).ToList();
        var canaries = diff.Canaries.Where(c => c.Before.Concat(c.After).Any(p => Judged(p.TenantId))).ToList();
        List<CheckResult> checks =
        [
            Check(DrillRules.TenantRowsDiffer, "tenants' rows", data.Select(RowsFinding), options, expected.Data.Count),
            Check(DrillRules.CrossTenantContamination, "canaries", canaries.Where(IsContamination).Select(CanaryFinding), options, expected.Canaries.Count),
            Check(DrillRules.SecurityCatalogDiffers, "security catalog", diff.Catalog.Select(CatalogFinding), options, 1),
        ];
        return new RestoreVerification(restored, diff, checks);
    }

    private static bool IsContamination(CanaryChange change) =>
        change.After.Any(a => !change.Before.Any(b => string.Equals(b.TenantId, a.TenantId, StringComparison.Ordinal)));

    private static CheckResult Check(Rule rule, string subject, IEnumerable<Finding> findings, RestoreVerifyOptions options, int probes)
    {
        var all = findings.ToList();
        return new CheckResult(rule, subject, [.. all.Take(options.MaxFindings)], Math.Max(1, probes));
    }

    private static Finding RowsFinding(DataChange change)
    {
        var what = change.RowsAfter < change.RowsBefore ? $"{change.RowsBefore - change.RowsAfter} rows missing"
            : change.RowsAfter > change.RowsBefore ? $"{change.RowsAfter - change.RowsBefore} rows extra"
            : change.KeyHashChanged ? "the same number of rows with other primary keys"
            : "rows changed";
        return new Finding(
            DrillRules.TenantRowsDiffer, ScenarioId, $"{change.Table} tenant {change.TenantId ?? "NULL"}",
            string.Create(CultureInfo.InvariantCulture, $"tenant {change.TenantId ?? "NULL"} in {change.Table}: {what} ({change.RowsBefore} expected, {change.RowsAfter} restored)"),
            string.Create(CultureInfo.InvariantCulture, $"primary keys {(change.KeyHashChanged ? "differ" : "equal")}, row contents {(change.RowHashChanged ? "differ" : "equal")}"));
    }

    private static Finding CanaryFinding(CanaryChange change)
    {
        var owner = change.Before.Count > 0 ? change.Before[0].TenantId : null;
        var foreign = change.After.First(a => !change.Before.Any(b => string.Equals(b.TenantId, a.TenantId, StringComparison.Ordinal)));
        return new Finding(
            DrillRules.CrossTenantContamination, ScenarioId, $"{foreign.Table} tenant {foreign.TenantId ?? "NULL"}",
            $"canary {change.Token}{(owner is null ? "" : $" of tenant {owner}")} is in {foreign.Table} under tenant key {foreign.TenantId ?? "NULL"} after the restore",
            $"expected in: {string.Join(", ", change.Before.Select(p => $"{p.Table} ({p.TenantId ?? "NULL"})"))}; restored in: {string.Join(", ", change.After.Select(p => $"{p.Table} ({p.TenantId ?? "NULL"})"))}")
        {
            Tenants = owner is null || foreign.TenantId is null ? null : new FindingTenants(foreign.TenantId, owner),
        };
    }

    private static Finding CatalogFinding(CatalogChange change) => new(
        DrillRules.SecurityCatalogDiffers, ScenarioId, $"{change.Category} {change.Name}",
        $"{change.Category} {change.Name} {change.Kind.ToString().ToLowerInvariant()} after the restore",
        $"expected: {change.Before ?? "(none)"}; restored: {change.After ?? "(none)"}");
}

/// <summary>What a verification read and found: the restored side's snapshot, the difference, and the checks.</summary>
public sealed record RestoreVerification(DatabaseSnapshot Restored, SnapshotDiff Diff, IReadOnlyList<CheckResult> Checks);
