using Harness.Findings;
using Harness.Running;

namespace Harness.Scenarios.Audit;

/// <summary>AUD003: a careful app role owns nothing; an owner can disable RLS, drop policies and alter the table.</summary>
internal sealed class AppRoleOwnsTenantTableRule : IAuditRule
{
    public Rule Rule { get; } = new(
        "AUD003",
        "App role owns a tenant table",
        Severity.High,
        "Give the table to the migration role and grant the app role only what it needs: "
        + "ALTER TABLE <table> OWNER TO <migration_owner>; GRANT SELECT, INSERT, UPDATE, DELETE ON <table> TO <app_role>;");

    public IEnumerable<CheckResult> Check(AuditInput input)
    {
        foreach (var table in input.TenantTables)
        {
            var subject = table.Name.Value;
            yield return !string.Equals(table.Owner, input.AppRole, StringComparison.Ordinal)
                ? AuditCheck.Pass(Rule, subject)
                : AuditCheck.Fail(
                    Rule,
                    subject,
                    $"Tenant table {subject} is owned by the app role {input.AppRole}: the app can disable or drop its row-level security and policies.",
                    $"pg_class.relowner = {table.Owner} for {input.Schema}.{subject}",
                    AuditSql.Table(input.Schema, table.Name));
        }
    }
}
