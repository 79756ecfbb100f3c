using Harness.Findings;
using Harness.Running;

namespace Harness.Scenarios.Audit;

/// <summary>
/// AUD020: a query on a partition directly applies the partition's own row-level security, not its partitioned
/// table's policies. A partition of a tenant table without RLS that the app role may read or write shows it every
/// tenant's rows in that partition. (AUD001 leaves such partitions to this rule; one the app role holds no privilege
/// on cannot be queried by it, so it passes.)
/// </summary>
internal sealed class PartitionWithoutRlsRule : IAuditRule
{
    private static readonly string[] DataPrivileges = ["SELECT", "INSERT", "UPDATE", "DELETE"];

    public Rule Rule { get; } = new(
        "AUD020",
        "Partition of a tenant table without row-level security",
        Severity.Critical,
        "Enable and force row-level security on every partition, with the partitioned table's policies "
        + "(or none, so that direct queries see nothing while queries through the partitioned table keep its policies): "
        + "ALTER TABLE <partition> ENABLE ROW LEVEL SECURITY; ALTER TABLE <partition> FORCE ROW LEVEL SECURITY; "
        + "or take the app's privileges on it away: REVOKE ALL ON <partition> FROM PUBLIC, <app_role>;");

    public IEnumerable<CheckResult> Check(AuditInput input)
    {
        foreach (var table in input.TenantTables)
        {
            var subject = table.Name.Value;
            var grants = input.IsPartitionOfTenantTable(table) && !table.RlsEnabled ? AppGrants.On(input, table.Grants, DataPrivileges) : [];
            if (grants.Count == 0)
            {
                yield return AuditCheck.Pass(Rule, subject);
                continue;
            }

            var parent = table.PartitionOf!.Value;
            yield return AuditCheck.Fail(
                Rule,
                subject,
                $"Partition {subject} of tenant table {parent} does not have row-level security enabled, and it grants {AppGrants.Describe(input, grants)}: "
                + $"a query on {subject} directly bypasses {parent}'s policies, so the app sees and changes every tenant's rows in it.",
                $"relispartition = true (of {input.Schema}.{parent}), relrowsecurity = false; {AppGrants.Evidence(grants)}",
                AuditSql.Partition(input.Schema, table.Name));
        }
    }
}
