using Harness.Findings;
using Harness.Running;

namespace Harness.Scenarios.Audit;

/// <summary>
/// AUD004: RLS enabled without a permissive policy denies everything, which hides a missing tenant policy. A partition
/// of a tenant table is not judged: the app reaches its rows through the partitioned table's policies, and a partition
/// with RLS and no policy is the safe way to shut direct queries out (AUD020).
/// </summary>
internal sealed class NoPolicyRule : IAuditRule
{
    public Rule Rule { get; } = new(
        "AUD004",
        "Tenant table with row-level security but no policy",
        Severity.Medium,
        "Add a permissive tenant policy: CREATE POLICY tenant_isolation ON <table> "
        + "USING (<tenant_key> = nullif(current_setting('<context_setting>', true), '')::<key_type>) "
        + "WITH CHECK (<tenant_key> = nullif(current_setting('<context_setting>', true), '')::<key_type>);");

    public IEnumerable<CheckResult> Check(AuditInput input)
    {
        foreach (var table in input.TenantTables.Where(t => t.RlsEnabled && !input.IsPartitionOfTenantTable(t)))
        {
            var subject = table.Name.Value;
            if (table.Policies.Any(p => p.Permissive))
            {
                yield return AuditCheck.Pass(Rule, subject);
                continue;
            }

            var restrictive = table.Policies.Select(p => p.Name).ToList();
            yield return AuditCheck.Fail(
                Rule,
                subject,
                restrictive.Count == 0
                    ? $"Tenant table {subject} has row-level security enabled but no policy: every query by the app role silently sees and changes nothing."
                    : $"Tenant table {subject} has only restrictive policies ({string.Join(", ", restrictive)}) and no permissive one: every query by the app role silently sees and changes nothing.",
                $"relrowsecurity = true; pg_policy has {(restrictive.Count == 0 ? "no rows" : "only restrictive rows")} for {input.Schema}.{subject}",
                AuditSql.Policies(input.Schema, table.Name));
        }
    }
}
