using System.Globalization;
using System.Text.RegularExpressions;
using Harness.Findings;
using Harness.Ledger;
using Harness.Provisioning;
using Harness.Sql;
using Npgsql;

namespace Harness.Scenarios.Survival;

/// <summary>
/// The backfill half of MIG011: a column a migration added to a tenant table that already had rows is set (not NULL, not
/// its constant default) in some tenants' rows and in none of another tenant's rows: the backfill skipped tenants (the
/// mark of an UPDATE filtered by a policy). A column left unset for every tenant, or with a volatile default, is not judged.
/// Read-only.
/// </summary>
internal static partial class BackfillCheck
{
    private const int TenantsListed = 5;

    public static async Task<IReadOnlyList<Finding>> RunAsync(
        StepInput input, SeedLedger ledger, string connectionString, string schema, CancellationToken cancellationToken)
    {
        var before = input.Before.Security;
        var after = input.After.Security;
        var tenantBefore = input.Tenancy.TenantTables(before);
        var existing = before.Columns.Select(c => (c.Table, c.Name)).ToHashSet();
        var added = after.Columns
            .Where(c => tenantBefore.Contains(c.Table) && !existing.Contains((c.Table, c.Name)))
            .Where(c => c.Default is null || ConstantDefault().IsMatch(c.Default))
            .ToList();
        if (added.Count == 0)
        {
            return [];
        }

        var findings = new List<Finding>();
        await using var connection = new NpgsqlConnection(PostgresConnectionString.ReadOnly(connectionString, "harness survival"));
        await connection.OpenAsync(cancellationToken);
        foreach (var column in added)
        {
            var key = input.Tenancy.KeyOf(column.Table);
            var unset = column.Default is null ? "NULL" : column.Default;
            var sql = $"SELECT r.{SqlIdentifier.Quote(key)}::text, count(*), count(*) FILTER (WHERE r.{SqlIdentifier.Quote(column.Name)} IS DISTINCT FROM {unset}) "
                + $"FROM {SqlIdentifier.Quote(schema, column.Table)} AS r GROUP BY 1 ORDER BY 1";
            var perTenant = new List<(string? Tenant, long Rows, long Set)>();
            await using (var command = new NpgsqlCommand(sql, connection))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    perTenant.Add((reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
                }
            }

            var set = perTenant.Where(t => t.Set > 0).ToList();
            var skipped = perTenant.Where(t => t.Rows > 0 && t.Set == 0 && t.Tenant is not null).ToList();
            if (set.Count == 0 || skipped.Count == 0)
            {
                continue;
            }

            findings.Add(input.Finding(
                SurvivalRules.BackfillFilteredByRls, $"{column.Table}.{column.Name}",
                $"new column {column.Table}.{column.Name} was filled for {set.Count} tenant(s) and left {(column.Default is null ? "NULL" : $"at its default {column.Default}")} in every row of {skipped.Count} other tenant(s): the backfill skipped tenants",
                string.Create(CultureInfo.InvariantCulture,
                    $"set: {string.Join(", ", set.Take(TenantsListed).Select(t => $"{Name(ledger, t.Tenant)} {t.Set}/{t.Rows} rows"))}; unset: {string.Join(", ", skipped.Take(TenantsListed).Select(t => $"{Name(ledger, t.Tenant)} 0/{t.Rows} rows"))}{(skipped.Count > TenantsListed ? $" and {skipped.Count - TenantsListed} more" : "")}"),
                input.Locate([column.Table, column.Name], ["UPDATE"]) ?? input.Locate([column.Table], ["UPDATE"])));
        }

        return findings;
    }

    private static string Name(SeedLedger ledger, string? tenantId) =>
        ledger.Tenants.FirstOrDefault(t => t.TenantId == tenantId) is { } seeded ? $"tenant {seeded.Index}" : $"tenant {tenantId}";

    /// <summary>A default that is the same value in every row: a literal with an optional cast, a number, a boolean or NULL.</summary>
    [GeneratedRegex(@"^\s*(NULL|true|false|-?\d+(\.\d+)?|'([^']|'')*')(::[\w\s""\.\[\]]+)?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex ConstantDefault();
}
