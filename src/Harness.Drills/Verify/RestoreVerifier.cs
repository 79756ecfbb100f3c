using Harness.Findings;
using Harness.Running;
using Harness.Snapshots;

namespace Harness.Drills.Verify;

/// <summary>
/// Verifies a restored database against the snapshot of what it should hold, per tenant: rows missing, extra or changed
/// (RST002, by key with a reference database), cross-tenant contamination (RST003: canaries under another tenant's key, rows
/// whose key is no tenant, rows moved between tenants), and the security catalog with the roles it names (RST004).
/// Read-only: it reads the restored side with <see cref="SnapshotReader"/> in a read-only session, with the expected
/// snapshot's own scope, and a reference database (if any) the same way.
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
        var missingRoles = await RestoredFacts.MissingRolesAsync(
            restoredConnectionString, [.. expected.Security.Roles.Select(r => r.Name)], cancellationToken);
        IReadOnlyList<KeyComparison>? keys = null;
        if (options.AgainstConnectionString is { } reference)
        {
            var pairs = SnapshotDiff.Between(expected, restored).Data
                .Where(d => options.Tenants is null || (d.TenantId is not null && options.Tenants.Contains(d.TenantId)))
                .Select(d => (d.Table, d.TenantId)).ToList();
            keys = pairs.Count == 0 ? [] : await KeyComparer.CompareAsync(
                restoredConnectionString, reference, expected.Schema, TenantColumns(expected), pairs, options.MaxKeys, cancellationToken);
        }

        return Judge(expected, restored, new RestoredFacts(missingRoles, keys), options);
    }

    /// <summary>Judges two snapshots (pure: reads nothing else).</summary>
    public static RestoreVerification Judge(DatabaseSnapshot expected, DatabaseSnapshot restored, RestoreVerifyOptions options) =>
        Judge(expected, restored, RestoredFacts.None, options);

    /// <summary>Judges two snapshots and what else was read of the restored side (pure).</summary>
    public static RestoreVerification Judge(DatabaseSnapshot expected, DatabaseSnapshot restored, RestoredFacts facts, RestoreVerifyOptions options)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(restored);
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(options);
        var diff = SnapshotDiff.Between(expected, restored);
        bool Judged(string? tenant) => options.Tenants is null || (tenant is not null && options.Tenants.Contains(tenant));
        var data = diff.Data.Where(d => Judged(d.TenantId)).ToList();
        var canaries = diff.Canaries.Where(c => c.Before.Concat(c.After).Any(p => Judged(p.TenantId))).ToList();
        var keys = facts.Keys?.ToDictionary(k => (k.Table, k.TenantId));
        var contamination = canaries.Where(IsContamination).Select(RestoreFindings.Canary)
            .Concat(Contamination.Orphans(expected, restored, Judged))
            .Concat(Contamination.Moves(expected, restored, data, facts.Keys?.Where(k => Judged(k.TenantId)).ToList()));
        // A missing role comes first: it is the cause of the grants and policies lost with it, which may be many.
        var catalog = (facts.MissingRoles ?? new HashSet<string>()).Order(StringComparer.Ordinal).Select(r => RestoreFindings.MissingRole(r, expected.Security))
            .Concat(diff.Catalog.Where(c => !IsMissingRole(c, facts)).Select(RestoreFindings.Catalog));
        List<CheckResult> checks =
        [
            expected.Data.Count == 0
                ? new CheckResult(DrillRules.TenantRowsDiffer, "tenants' rows", [])
                {
                    NotCovered = "the snapshot has no tenant digests: take it with --manifest or --tenant-key so each tenant's rows are digested",
                }
                : Check(DrillRules.TenantRowsDiffer, "tenants' rows",
                    data.Select(d => RestoreFindings.Rows(d, keys?.GetValueOrDefault((d.Table, d.TenantId)), keys is not null)), options, expected.Data.Count),
            expected.Data.Count == 0 && expected.Canaries.Count == 0
                ? new CheckResult(DrillRules.CrossTenantContamination, "tenant keys and canaries", [])
                {
                    NotCovered = "the snapshot has neither tenant digests nor canaries: take it with --manifest (and --ledger for canaries)",
                }
                : Check(DrillRules.CrossTenantContamination, "tenant keys and canaries", contamination, options, expected.Data.Count + expected.Canaries.Count),
            Check(DrillRules.SecurityCatalogDiffers, "security catalog", catalog, options, 1 + expected.Security.Roles.Count),
        ];
        return new RestoreVerification(restored, diff, checks);
    }

    /// <summary>Each digested table's tenant column: the tenant key where the table has it, else (the root) the root's key.</summary>
    internal static IReadOnlyDictionary<string, string> TenantColumns(DatabaseSnapshot snapshot)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var table in snapshot.Data.Select(d => d.Table).Distinct(StringComparer.Ordinal))
        {
            var hasKey = snapshot.TenantKey is { } key && snapshot.Security.Columns.Any(c => c.Table == table && c.Name == key);
            if (hasKey)
            {
                result[table] = snapshot.TenantKey!;
            }
            else if (snapshot.Root is { } root && root.Table == table)
            {
                result[table] = root.KeyColumn;
            }
        }

        return result;
    }

    private static bool IsMissingRole(CatalogChange change, RestoredFacts facts) =>
        change.Category == CatalogCategory.Role && facts.MissingRoles is { } missing && missing.Contains(change.Name);

    private static bool IsContamination(CanaryChange change) =>
        change.After.Any(a => !change.Before.Any(b => string.Equals(b.TenantId, a.TenantId, StringComparison.Ordinal)));

    private static CheckResult Check(Rule rule, string subject, IEnumerable<Finding> findings, RestoreVerifyOptions options, int probes)
    {
        var all = findings.ToList();
        if (all.Count > options.MaxFindings && options.MaxFindings > 0)
        {
            var last = all[options.MaxFindings - 1];
            all = [.. all.Take(options.MaxFindings - 1), last with { Message = $"{last.Message} (and {all.Count - options.MaxFindings} more like it)" }];
        }

        return new CheckResult(rule, subject, all, Math.Max(1, probes));
    }
}

/// <summary>What a verification read and found: the restored side's snapshot, the difference, and the checks.</summary>
public sealed record RestoreVerification(DatabaseSnapshot Restored, SnapshotDiff Diff, IReadOnlyList<CheckResult> Checks);
