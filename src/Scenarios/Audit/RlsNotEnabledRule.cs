using Harness.Findings;
using Harness.Running;

namespace Harness.Scenarios.Audit;

/// <summary>
/// AUD001: a tenant table without row-level security shows every tenant's rows to the app role. A partition of a tenant
/// table is AUD020's: queries through its partitioned table apply that table's policies.
/// </summary>
internal sealed class RlsNotEnabledRule : IAuditRule
{
    public Rule Rule { get; } = new(
        "AUD001",
        "Tenant table without row-level security",
        Severity.Critical,
        "Enable and force row-level security on the table and give it a tenant policy: "
        + "ALTER TABLE <table> ENABLE ROW LEVEL SECURITY; ALTER TABLE <table> FORCE ROW LEVEL SECURITY; "
        + "CREATE POLICY tenant_isolation ON <table> USING (<tenant_key> = nullif(current_setting('<context_setting>', true), '')::<key_type>) "
        + "WITH CHECK (<tenant_key> = nullif(current_setting('<context_setting>', true), '')::<key_type>);");

    public IEnumerable<CheckResult> Check(AuditInput input)
    {
        foreach (var table in input.TenantTables.Where(t => !input.IsPartitionOfTenantTable(t)))
        {
            var subject = table.Name.Value;
            yield return table.RlsEnabled
                ? AuditCheck.Pass(Rule, subject)
                : AuditCheck.Fail(
                    Rule,
                    subject,
                    $"Tenant table {subject} does not have row-level security enabled: the app role sees and changes every tenant's rows.",
                    $"pg_class.relrowsecurity = false for {input.Schema}.{subject} (owner {table.Owner}; policies defined but not applied: {table.Policies.Count})",
                    AuditSql.Table(input.Schema, table.Name));
        }
    }
}
