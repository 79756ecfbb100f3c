using System.Diagnostics;
using System.Globalization;
using Harness.Findings;
using Harness.Running;
using Harness.Snapshots;

namespace Harness.Drills.Move;

/// <summary>
/// Verifies a tenant's move from a pooled database to a dedicated one: the destination holds exactly the tenant's rows of every
/// tenant table (MOV002 when a table or rows are missing or changed), no row of another tenant, also through foreign keys
/// without the tenant key (MOV001), the source's row level security, FORCE, policies and grants on those tables (MOV004), and
/// once the move is declared complete the source holds nothing of the tenant (MOV003). Read-only on both sides.
/// </summary>
public static class MoveVerifier
{
    public const string ScenarioId = "move";

    /// <summary>Reads both sides and judges them.</summary>
    /// <exception cref="TenantDataException">A schema or the root is missing, the tenant is nowhere to compare with, or a role may not read every row.</exception>
    public static async Task<ScenarioResult> VerifyAsync(
        string sourceConnectionString, string targetConnectionString, MoveVerifyRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var stopwatch = Stopwatch.StartNew();
        var catalog = await TenantRowReader.ReadCatalogAsync(sourceConnectionString, request.SourceSchema, cancellationToken);
        var tables = TenantTables.From(catalog, request.Tenancy);
        var source = await TenantRowReader.ReadAsync(sourceConnectionString, request.SourceSchema, tables, request.Tenant, false, request.MaxKeys, cancellationToken);
        var target = await TenantRowReader.ReadAsync(targetConnectionString, request.TargetSchema, tables, request.Tenant, true, request.MaxKeys, cancellationToken);
        var read = stopwatch.Elapsed;
        var sourceSecurity = (await SnapshotReader.ReadAsync(sourceConnectionString, request.SourceSchema, SnapshotScope.CatalogOnly, cancellationToken)).Security;
        var targetSecurity = (await SnapshotReader.ReadAsync(targetConnectionString, request.TargetSchema, SnapshotScope.CatalogOnly, cancellationToken)).Security;
        var checks = Judge(tables, request, source, target, sourceSecurity, targetSecurity);
        return new ScenarioResult(ScenarioId, checks, stopwatch.Elapsed)
        {
            Metrics =
            [
                new Metric("tenant tables", tables.InForeignKeyOrder.Count, "tables"),
                new Metric("rows moved", target.Sum(t => t.Rows), "rows", request.Tenant),
                new Metric("read rows", read.TotalSeconds, "s"),
                new Metric("verify", stopwatch.Elapsed.TotalSeconds, "s"),
            ],
        };
    }

    /// <summary>Judges readings of both sides (pure).</summary>
    public static IReadOnlyList<CheckResult> Judge(
        TenantTables tables, MoveVerifyRequest request, IReadOnlyList<TenantRows> source, IReadOnlyList<TenantRows> target,
        SecurityCatalog sourceSecurity, SecurityCatalog targetSecurity)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        var sourceHasTenant = source.Any(r => r.Rows > 0);
        if (!sourceHasTenant && request.Snapshot is null && request.Before is null)
        {
            throw new TenantDataException(
                $"The source holds no row of tenant {request.Tenant}, so there is nothing to compare the destination with: if the move is "
                + "complete, pass --snapshot with a snapshot of the source taken before it (harness snapshot); else check the tenant id "
                + "(a uuid in lower case) and --schema.");
        }

        if (request.Snapshot is { } snapshot && snapshot.TenantKey != tables.Tenancy.TenantKey)
        {
            throw new TenantDataException(
                $"The snapshot digests tenants by '{snapshot.TenantKey ?? "nothing (catalog only)"}', not by the tenant key '{tables.Tenancy.TenantKey}': "
                + "take it with the same tenancy (harness snapshot --manifest, or --tenant-key and --root).");
        }

        var expected = tables.InForeignKeyOrder.ToDictionary(
            t => t.Name, t => Expected(t, request, source.Single(s => s.Table == t.Name), sourceHasTenant), StringComparer.Ordinal);
        if (expected.Values.All(e => e is null || e.Rows == 0) && target.All(t => t.Rows == 0))
        {
            throw new TenantDataException(
                $"Tenant {request.Tenant} has no row in the source, the snapshot or the destination: check the tenant id (the root's key as "
                + "text, a uuid in lower case), --schema and --target-schema.");
        }

        var checks = new List<CheckResult>();
        foreach (var table in tables.InForeignKeyOrder)
        {
            var there = target.Single(t => t.Table == table.Name);
            var here = source.Single(t => t.Table == table.Name);
            checks.Add(Completeness(table, expected[table.Name], there, request));
            checks.Add(Foreign(table, there, request));
            if (request.Complete)
            {
                checks.Add(Leftovers(table, here, request));
            }
        }

        var moved = tables.InForeignKeyOrder.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var security = SecurityComparison.Between(sourceSecurity, targetSecurity, moved)
            .Select(d => new Finding(
                DrillRules.MoveSecurityMissing, ScenarioId, d.Table,
                $"the destination's {d.What} on {d.Table} differs from the source's",
                $"source: {d.Source}; destination: {d.Destination}"))
            .ToList();
        checks.Add(new CheckResult(DrillRules.MoveSecurityMissing, "security catalog of the moved tables", security, moved.Count));
        return checks;
    }

    /// <summary>
    /// What the destination should hold of a table: the rows read before the move, else the source's while it has them, else
    /// the snapshot's for a table it digests, else the source's (none) while the source still has the tenant; null when unknown.
    /// </summary>
    private static TenantRows? Expected(TenantTable table, MoveVerifyRequest request, TenantRows source, bool sourceHasTenant)
    {
        if (request.Before?.FirstOrDefault(b => b.Table == table.Name) is { } before)
        {
            return before;
        }

        if (source.Rows > 0)
        {
            return source;
        }

        if (request.Snapshot is { } snapshot && table.CarriesKey && (table.TenantColumn == snapshot.TenantKey || snapshot.Root?.Table == table.Name))
        {
            var digest = snapshot.Data.FirstOrDefault(d => d.Table == table.Name && d.TenantId == request.Tenant);
            return digest is null
                ? TenantRows.Missing(table.Name) with { Present = true }
                : new TenantRows(table.Name, true, digest.Rows, digest.KeyHash, digest.RowHash, [], 0, []);
        }

        return sourceHasTenant && source.Present ? source : null;
    }

    private static CheckResult Completeness(TenantTable table, TenantRows? expected, TenantRows there, MoveVerifyRequest request)
    {
        var subject = $"{table.Name} rows of tenant {request.Tenant}";
        if (expected is null || there.Unreadable is not null)
        {
            return new CheckResult(DrillRules.MoveIncomplete, subject, [])
            {
                NotCovered = there.Unreadable is { } why
                    ? $"{table.Name} cannot be read in the destination: {why}"
                    : $"the source no longer holds tenant {request.Tenant} and the snapshot has no digest of {table.Name} "
                      + "(a table reached through foreign keys): verify before deleting from the source, or keep the source's rows until then",
            };
        }

        string? what = !there.Present ? $"table {table.Name} is missing from the destination"
            : there.Rows < expected.Rows ? $"{expected.Rows - there.Rows} of tenant {request.Tenant}'s rows are missing from {table.Name}"
            : there.Rows > expected.Rows ? $"{table.Name} has {there.Rows - expected.Rows} more rows of tenant {request.Tenant} than the source"
            : !there.SameRowsAs(expected) ? $"tenant {request.Tenant}'s rows of {table.Name} changed in the move"
            : null;
        List<Finding> findings = what is null ? [] :
        [
            new Finding(
                DrillRules.MoveIncomplete, ScenarioId, table.Name, what,
                string.Create(CultureInfo.InvariantCulture,
                    $"expected {expected.Rows} rows, destination {(there.Present ? there.Rows.ToString(CultureInfo.InvariantCulture) : "has no such table")}; ")
                    + $"row contents {(expected.RowHash == there.RowHash ? "equal" : "differ")}; tied to the tenant by {table.Describe()}"
                    + (expected.Keys.Count > 0 ? $"; source keys: {string.Join(", ", expected.Keys)}" : "")),
        ];
        return new CheckResult(DrillRules.MoveIncomplete, subject, findings);
    }

    private static CheckResult Foreign(TenantTable table, TenantRows there, MoveVerifyRequest request)
    {
        var subject = $"{table.Name} rows of other tenants";
        if (!there.Present || there.Unreadable is not null)
        {
            return new CheckResult(DrillRules.MoveCarriedOtherTenant, subject, [])
            {
                NotCovered = there.Unreadable ?? $"{table.Name} is not in the destination (MOV002 reports it)",
            };
        }

        List<Finding> findings = there.OtherRows == 0 ? [] :
        [
            new Finding(
                DrillRules.MoveCarriedOtherTenant, ScenarioId, table.Name,
                string.Create(CultureInfo.InvariantCulture,
                    $"{there.OtherRows} rows of {table.Name} in the destination belong to another tenant than {request.Tenant}, or to none"),
                $"tied to a tenant by {table.Describe()}; rows: {string.Join(", ", there.OtherKeys)}"),
        ];
        return new CheckResult(DrillRules.MoveCarriedOtherTenant, subject, findings);
    }

    private static CheckResult Leftovers(TenantTable table, TenantRows here, MoveVerifyRequest request)
    {
        List<Finding> findings = here.Rows == 0 ? [] :
        [
            new Finding(
                DrillRules.MoveLeftovers, ScenarioId, table.Name,
                string.Create(CultureInfo.InvariantCulture, $"{here.Rows} rows of tenant {request.Tenant} are left in the source's {table.Name}"),
                $"tied to the tenant by {table.Describe()}; keys: {string.Join(", ", here.Keys)}"),
        ];
        return new CheckResult(DrillRules.MoveLeftovers, $"{table.Name} leftovers of tenant {request.Tenant}", findings);
    }
}
