using System.Diagnostics;
using System.Globalization;
using Harness.Drills.Move;
using Harness.Findings;
using Harness.Running;

namespace Harness.Drills.Delete;

/// <summary>
/// Verifies a tenant's deletion: no row of the tenant is left in any tenant table (DEL001 per table, with the count and a few
/// keys): the root's own row, every table with the tenant key, soft-deleted rows included (read with row security off, so no
/// policy hides them), and tables reached only through foreign keys (rows whose parent chain leads to the tenant).
/// Read-only.
/// </summary>
public static class DeletionVerifier
{
    public const string ScenarioId = "delete";

    /// <summary>Reads <paramref name="schema"/> of <paramref name="connectionString"/> and judges it.</summary>
    /// <exception cref="TenantDataException">The schema or the root is missing, or the role may not read every row.</exception>
    public static async Task<ScenarioResult> VerifyAsync(
        string connectionString, string schema, MoveTenancy tenancy, string tenant, CancellationToken cancellationToken, int maxKeys = 5)
    {
        var stopwatch = Stopwatch.StartNew();
        var catalog = await TenantRowReader.ReadCatalogAsync(connectionString, schema, cancellationToken);
        var tables = TenantTables.From(catalog, tenancy);
        var rows = await TenantRowReader.ReadAsync(connectionString, schema, tables, tenant, false, maxKeys, cancellationToken);
        return new ScenarioResult(ScenarioId, Judge(tables, rows, tenant), stopwatch.Elapsed)
        {
            Metrics =
            [
                new Metric("tenant tables", tables.InForeignKeyOrder.Count, "tables"),
                new Metric("rows left", rows.Sum(r => r.Rows), "rows", tenant),
                new Metric("verify", stopwatch.Elapsed.TotalSeconds, "s"),
            ],
        };
    }

    /// <summary>One check per tenant table (pure).</summary>
    public static IReadOnlyList<CheckResult> Judge(TenantTables tables, IReadOnlyList<TenantRows> rows, string tenant)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(rows);
        return [.. tables.InForeignKeyOrder.Select(table =>
        {
            var left = rows.Single(r => r.Table == table.Name);
            List<Finding> findings = left.Rows == 0 ? [] :
            [
                new Finding(
                    DrillRules.DeletionLeftRows, ScenarioId, table.Name,
                    string.Create(CultureInfo.InvariantCulture, $"{left.Rows} rows of deleted tenant {tenant} are left in {table.Name}"),
                    $"tied to the tenant by {table.Describe()}; keys: {string.Join(", ", left.Keys)}{(left.Rows > left.Keys.Count ? ", ..." : "")}"),
            ];
            return new CheckResult(DrillRules.DeletionLeftRows, $"{table.Name} rows of tenant {tenant}", findings);
        })];
    }
}
