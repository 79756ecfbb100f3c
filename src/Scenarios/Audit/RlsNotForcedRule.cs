using Harness.Findings;
using Harness.Running;

namespace Harness.Scenarios.Audit;

/// <summary>AUD002: table owners bypass RLS unless it is forced, so an app role that owns a tenant table sees every tenant.</summary>
internal sealed class RlsNotForcedRule : IAuditRule
{
    public Rule Rule { get; } = new(
        "AUD002",
        "Row-level security not forced on a tenant table the app role owns",
        Severity.Critical,
        "Force row-level security so it applies to the owner too, and give the table to a role the app does not connect as: "
        + "ALTER TABLE <table> FORCE ROW LEVEL SECURITY; ALTER TABLE <table> OWNER TO <migration_owner>;");

    public IEnumerable<CheckResult> Check(AuditInput input)
    {
        foreach (var table in input.TenantTables)
        {
            var subject = table.Name.Value;
            var ownedByApp = string.Equals(table.Owner, input.AppRole, StringComparison.Ordinal);
            yield return !ownedByApp || table.RlsForced
                ? AuditCheck.Pass(Rule, subject)
                : AuditCheck.Fail(
                    Rule,
                    subject,
                    $"Tenant table {subject} is owned by the app role {input.AppRole} and row-level security is not forced on it: "
                    + "as the owner the app bypasses every policy and sees all tenants' rows.",
                    $"owner = {table.Owner}, relrowsecurity = {Bool(table.RlsEnabled)}, relforcerowsecurity = false",
                    AuditSql.Table(input.Schema, table.Name));
        }
    }

    private static string Bool(bool value) => value ? "true" : "false";
}
