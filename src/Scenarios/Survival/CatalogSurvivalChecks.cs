using Harness.Findings;
using Harness.Snapshots;

namespace Harness.Scenarios.Survival;

/// <summary>
/// The catalog checks of one migration step (MIG001-MIG003, MIG005-MIG009): what changed between the snapshots before and
/// after it that weakens isolation. Only changes count: what was already wrong at the baseline is the audit's to report.
/// </summary>
internal static class CatalogSurvivalChecks
{
    public static IEnumerable<(Rule Rule, Finding Finding)> Run(StepInput input) =>
        RlsRemoved(input).Select(f => (SurvivalRules.RlsRemoved, f))
            .Concat(NewTenantTables(input).Select(f => (SurvivalRules.NewTenantTableUnprotected, f)))
            .Concat(Partitions(input).Select(f => (SurvivalRules.PartitionUnprotected, f)))
            .Concat(Policies(input).Select(f => (SurvivalRules.PolicyWidened, f)))
            .Concat(Privileges(input).Select(f => (SurvivalRules.GrantWidened, f)))
            .Concat(Views(input).Select(f => (SurvivalRules.ViewLostInvoker, f)))
            .Concat(Functions(input).Select(f => (SurvivalRules.FunctionWidened, f)))
            .Concat(TenantKeys(input).Select(f => (SurvivalRules.TenantKeyWeakened, f)));

    private static IEnumerable<Finding> RlsRemoved(StepInput input)
    {
        var (before, after) = (input.Before.Security, input.After.Security);
        var tenantBefore = input.Tenancy.TenantTables(before);
        foreach (var table in input.Tenancy.TenantTables(after).Where(tenantBefore.Contains).Order(StringComparer.Ordinal))
        {
            var was = Table(before, table)!;
            var now = Table(after, table)!;
            var lost = new List<string>();
            if (was.RowSecurity && !now.RowSecurity)
            {
                lost.Add("row-level security is disabled");
            }

            if (was.ForceRowSecurity && !now.ForceRowSecurity)
            {
                lost.Add("FORCE ROW LEVEL SECURITY was removed");
            }

            if (lost.Count > 0)
            {
                yield return input.Finding(
                    SurvivalRules.RlsRemoved, table,
                    $"on tenant table {table}, {string.Join(" and ", lost)}",
                    $"before: relrowsecurity={was.RowSecurity}, relforcerowsecurity={was.ForceRowSecurity}; after: relrowsecurity={now.RowSecurity}, relforcerowsecurity={now.ForceRowSecurity}",
                    input.Locate([table], ["ALTER TABLE", "ROW LEVEL SECURITY"], ["CREATE TABLE", "LIKE"], ["ALTER TABLE", "RENAME"], ["DROP TABLE"], ["CREATE TABLE"]),
                    $"SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE oid = '{table}'::regclass;");
            }
        }
    }

    private static IEnumerable<Finding> NewTenantTables(StepInput input)
    {
        var (before, after) = (input.Before.Security, input.After.Security);
        var tenantBefore = input.Tenancy.TenantTables(before);
        foreach (var table in input.Tenancy.TenantTables(after).Where(t => !tenantBefore.Contains(t)).Order(StringComparer.Ordinal))
        {
            var now = Table(after, table)!;
            var policies = after.Policies.Count(p => p.Table == table);
            if (now.RowSecurity && policies > 0)
            {
                continue;
            }

            var how = before.Tables.Any(t => t.Name == table) ? $"gained the tenant key {input.Tenancy.TenantKey}" : "was created";
            var missing = !now.RowSecurity && policies == 0 ? "without row-level security or a policy"
                : !now.RowSecurity ? "without row-level security (its policies are not applied)" : "with row-level security but no policy";
            yield return input.Finding(
                SurvivalRules.NewTenantTableUnprotected, table,
                $"tenant table {table} {how} {missing}",
                $"after the migration: relrowsecurity={now.RowSecurity}, relforcerowsecurity={now.ForceRowSecurity}, policies={policies}",
                input.Locate([table], ["CREATE TABLE"], ["ALTER TABLE", "ADD"], ["ALTER TABLE"]));
        }
    }

    private static IEnumerable<Finding> Partitions(StepInput input)
    {
        var (before, after) = (input.Before.Security, input.After.Security);
        bool Protected(SecurityCatalog catalog, string partition) =>
            Table(catalog, partition) is { RowSecurity: true } && catalog.Policies.Any(p => p.Table == partition);
        foreach (var (partition, parent) in input.Tenancy.PartitionsOfTenantTables(after).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var existed = Table(before, partition) is not null;
            if (Protected(after, partition) || (existed && !Protected(before, partition)))
            {
                continue;
            }

            var now = Table(after, partition)!;
            yield return input.Finding(
                SurvivalRules.PartitionUnprotected, partition,
                $"partition {partition} of tenant table {parent} {(existed ? "lost" : "was created without")} row-level security or its policies; a query that names the partition reads every tenant's rows",
                $"after the migration: relrowsecurity={now.RowSecurity}, policies on the partition={after.Policies.Count(p => p.Table == partition)}",
                input.Locate([partition], ["CREATE TABLE", "PARTITION OF"], ["ALTER TABLE", "ATTACH PARTITION"], ["ALTER TABLE", "ROW LEVEL SECURITY"], ["CREATE TABLE"]));
        }
    }

    private static IEnumerable<Finding> Policies(StepInput input)
    {
        var (before, after) = (input.Before.Security, input.After.Security);
        var tenantBefore = input.Tenancy.TenantTables(before);
        foreach (var policy in after.Policies.Where(p => tenantBefore.Contains(p.Table)).OrderBy(p => p.Table, StringComparer.Ordinal).ThenBy(p => p.Name, StringComparer.Ordinal))
        {
            var was = before.Policies.FirstOrDefault(p => p.Table == policy.Table && p.Name == policy.Name);
            var location = input.Locate([policy.Name, policy.Table], ["CREATE|ALTER", "POLICY"]);
            var subject = $"{policy.Name} on {policy.Table}";
            if (was is null && policy.Permissive)
            {
                yield return input.Finding(
                    SurvivalRules.PolicyWidened, subject,
                    $"a new permissive policy {policy.Name} on tenant table {policy.Table} is OR-ed with its tenant policy",
                    $"{policy.Command} TO {string.Join(", ", policy.Roles)} USING ({policy.Using ?? "-"}) WITH CHECK ({policy.WithCheck ?? "-"})",
                    location);
            }
            else if (was is not null)
            {
                var added = policy.Roles.Except(was.Roles, StringComparer.Ordinal).ToList();
                if (added.Count > 0 || (policy.Permissive && !was.Permissive))
                {
                    yield return input.Finding(
                        SurvivalRules.PolicyWidened, subject,
                        $"policy {policy.Name} on tenant table {policy.Table} now {(added.Count > 0 ? $"also applies to {string.Join(", ", added)}" : "is permissive instead of restrictive")}",
                        $"before: {(was.Permissive ? "PERMISSIVE" : "RESTRICTIVE")} TO {string.Join(", ", was.Roles)}; after: {(policy.Permissive ? "PERMISSIVE" : "RESTRICTIVE")} TO {string.Join(", ", policy.Roles)}",
                        location);
                }
            }
        }
    }

    private static IEnumerable<Finding> Privileges(StepInput input)
    {
        var (before, after) = (input.Before.Security, input.After.Security);
        var existed = before.Privileges.Select(p => (p.ObjectKind, p.Name)).ToHashSet();
        var held = before.Privileges.ToHashSet();
        var widened = after.Privileges
            .Where(p => p.ObjectKind != "function" && !held.Contains(p) && input.Tenancy.IsAppOrPublic(p.Grantee))
            .Where(p => string.Equals(p.Grantee, "PUBLIC", StringComparison.OrdinalIgnoreCase) || existed.Contains((p.ObjectKind, p.Name)))
            .GroupBy(p => (p.ObjectKind, p.Name, p.Column, p.Grantee));
        foreach (var group in widened.OrderBy(g => g.Key.Name, StringComparer.Ordinal))
        {
            var (kind, name, column, grantee) = group.Key;
            var what = column is null ? $"{kind} {name}" : $"column {name}.{column}";
            yield return input.Finding(
                SurvivalRules.GrantWidened, column is null ? name : $"{name}.{column}",
                $"{grantee} was granted {string.Join(", ", group.Select(p => p.Privilege).Order(StringComparer.Ordinal))} on {what}",
                $"privileges of {grantee} on {what} before: {Held(before, kind, name, column, grantee)}; after: {Held(after, kind, name, column, grantee)}",
                input.Locate([name], ["GRANT"]));
        }

        var defaults = before.DefaultPrivileges.ToHashSet();
        foreach (var added in after.DefaultPrivileges.Where(d => !defaults.Contains(d) && input.Tenancy.IsAppOrPublic(d.Grantee)))
        {
            yield return input.Finding(
                SurvivalRules.GrantWidened, $"default privileges of {added.Creator}",
                $"new {added.ObjectType} created by {added.Creator} will grant {added.Privilege} to {added.Grantee}{(added.InSchema ? " in this schema" : " in every schema")}",
                $"ALTER DEFAULT PRIVILEGES entry added: creator {added.Creator}, {added.ObjectType}, {added.Grantee} {added.Privilege}",
                input.Locate([], ["ALTER DEFAULT PRIVILEGES"]));
        }
    }

    private static string Held(SecurityCatalog catalog, string kind, string name, string? column, string grantee)
    {
        var privileges = catalog.Privileges.Where(p => p.ObjectKind == kind && p.Name == name && p.Column == column && p.Grantee == grantee).Select(p => p.Privilege).ToList();
        return privileges.Count == 0 ? "none" : string.Join(", ", privileges.Order(StringComparer.Ordinal));
    }

    private static IEnumerable<Finding> Views(StepInput input)
    {
        var (before, after) = (input.Before.Security, input.After.Security);
        var tenantAfter = input.Tenancy.TenantTables(after);
        foreach (var view in after.Views.Where(v => !v.Materialized).OrderBy(v => v.Name, StringComparer.Ordinal))
        {
            var was = before.Views.FirstOrDefault(v => v.Name == view.Name && !v.Materialized);
            var location = input.Locate([view.Name], ["CREATE", "VIEW"], ["ALTER", "VIEW"]);
            if (was is not null && ((was.SecurityInvoker && !view.SecurityInvoker) || (was.SecurityBarrier && !view.SecurityBarrier)))
            {
                var lost = string.Join(" and ", new[] { was.SecurityInvoker && !view.SecurityInvoker ? "security_invoker" : null, was.SecurityBarrier && !view.SecurityBarrier ? "security_barrier" : null }.OfType<string>());
                yield return input.Finding(
                    SurvivalRules.ViewLostInvoker, view.Name,
                    $"view {view.Name} lost {lost}: it now reads {string.Join(", ", view.Reads)} with its owner's ({view.Owner}) rights, past their policies",
                    $"before: security_invoker={was.SecurityInvoker}, security_barrier={was.SecurityBarrier}; after: security_invoker={view.SecurityInvoker}, security_barrier={view.SecurityBarrier}",
                    location);
            }
            else if (was is null && !view.SecurityInvoker && view.Reads.Any(tenantAfter.Contains))
            {
                yield return input.Finding(
                    SurvivalRules.ViewLostInvoker, view.Name,
                    $"new view {view.Name} reads tenant table(s) {string.Join(", ", view.Reads.Where(tenantAfter.Contains))} without security_invoker, as its owner {view.Owner}",
                    $"after the migration: security_invoker={view.SecurityInvoker}, owner={view.Owner}",
                    location);
            }
        }
    }

    private static IEnumerable<Finding> Functions(StepInput input)
    {
        var (before, after) = (input.Before.Security, input.After.Security);
        bool PublicExecute(SecurityCatalog catalog, string signature) =>
            catalog.Privileges.Any(p => p.ObjectKind == "function" && p.Name == signature && string.Equals(p.Grantee, "PUBLIC", StringComparison.OrdinalIgnoreCase));
        foreach (var function in after.Functions.OrderBy(f => f.Signature, StringComparer.Ordinal))
        {
            var was = before.Functions.FirstOrDefault(f => f.Signature == function.Signature);
            var problems = new List<string>();
            if (function.SecurityDefiner && was is not { SecurityDefiner: true })
            {
                problems.Add(was is null ? "is created SECURITY DEFINER" : "became SECURITY DEFINER");
            }

            if (function.SecurityDefiner && function.SearchPath is null && (was is null || was.SearchPath is not null || !was.SecurityDefiner))
            {
                problems.Add(was?.SearchPath is not null ? "lost its SET search_path" : "has no SET search_path");
            }

            if (function.SecurityDefiner && PublicExecute(after, function.Signature) && (was is null || !PublicExecute(before, function.Signature) || !was.SecurityDefiner))
            {
                problems.Add("can be executed by PUBLIC");
            }

            if (problems.Count > 0)
            {
                var name = function.Signature.Split('(')[0];
                yield return input.Finding(
                    SurvivalRules.FunctionWidened, function.Signature,
                    $"function {function.Signature} {string.Join(", ", problems)}: it runs with its owner's ({function.Owner}) rights",
                    $"before: {(was is null ? "absent" : $"security definer={was.SecurityDefiner}, search_path={was.SearchPath ?? "not set"}")}; after: security definer={function.SecurityDefiner}, search_path={function.SearchPath ?? "not set"}, PUBLIC EXECUTE={PublicExecute(after, function.Signature)}",
                    input.Locate([name], ["CREATE", "FUNCTION"], ["ALTER", "FUNCTION"], ["GRANT"]));
            }
        }
    }

    private static IEnumerable<Finding> TenantKeys(StepInput input)
    {
        var (before, after) = (input.Before.Security, input.After.Security);
        var tenantBefore = input.Tenancy.TenantTables(before);
        foreach (var table in input.Tenancy.TenantTables(after).Where(tenantBefore.Contains).Order(StringComparer.Ordinal))
        {
            var key = input.Tenancy.KeyOf(table);
            var was = Column(before, table, key);
            var now = Column(after, table, key);
            if (was is null || now is null)
            {
                continue;
            }

            var changes = new List<string>();
            if (!was.Nullable && now.Nullable)
            {
                changes.Add("became nullable");
            }

            if (was.Type != now.Type)
            {
                changes.Add($"changed type from {was.Type} to {now.Type}");
            }

            if (was.Default is null && now.Default is not null && table != input.Tenancy.Root)
            {
                changes.Add($"got the default {now.Default}");
            }

            if (changes.Count > 0)
            {
                yield return input.Finding(
                    SurvivalRules.TenantKeyWeakened, $"{table}.{key}",
                    $"tenant key {table}.{key} {string.Join(", ", changes)}",
                    $"before: {was.Type} {(was.Nullable ? "NULL" : "NOT NULL")} default {was.Default ?? "none"}; after: {now.Type} {(now.Nullable ? "NULL" : "NOT NULL")} default {now.Default ?? "none"}",
                    input.Locate([table, key], ["ALTER TABLE", "ALTER COLUMN"], ["ALTER TABLE"]));
            }
        }

        foreach (var foreignKey in before.ForeignKeys.Where(f => tenantBefore.Contains(f.Table) && f.Columns.Contains(input.Tenancy.KeyOf(f.Table))))
        {
            if (Table(after, foreignKey.Table) is null || Table(after, foreignKey.ReferencedTable) is null)
            {
                continue;
            }

            var key = input.Tenancy.KeyOf(foreignKey.Table);
            if (after.ForeignKeys.Any(f => f.Table == foreignKey.Table && f.ReferencedTable == foreignKey.ReferencedTable && f.Columns.Contains(key)))
            {
                continue;
            }

            var now = after.ForeignKeys.Where(f => f.Table == foreignKey.Table && f.ReferencedTable == foreignKey.ReferencedTable).ToList();
            yield return input.Finding(
                SurvivalRules.TenantKeyWeakened, $"{foreignKey.Table} -> {foreignKey.ReferencedTable}",
                $"the foreign key from {foreignKey.Table} to {foreignKey.ReferencedTable} no longer includes the tenant key {key}: a row may reference another tenant's row",
                $"before: {foreignKey.Name} ({string.Join(", ", foreignKey.Columns)}) -> {foreignKey.ReferencedTable} ({string.Join(", ", foreignKey.ReferencedColumns)}); after: {(now.Count == 0 ? "no foreign key" : string.Join("; ", now.Select(f => $"{f.Name} ({string.Join(", ", f.Columns)})")))}",
                input.Locate([foreignKey.Name], ["ALTER TABLE", "CONSTRAINT"]) ?? input.Locate([foreignKey.Table], ["ALTER TABLE", "FOREIGN KEY"], ["ALTER TABLE", "DROP CONSTRAINT"], ["CREATE TABLE", "LIKE"], ["DROP TABLE"]));
        }
    }

    private static TableSecurity? Table(SecurityCatalog catalog, string name) => catalog.Tables.FirstOrDefault(t => t.Name == name);

    private static ColumnSnapshot? Column(SecurityCatalog catalog, string table, string column) =>
        catalog.Columns.FirstOrDefault(c => c.Table == table && c.Name == column);
}
