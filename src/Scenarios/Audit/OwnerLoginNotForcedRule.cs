using Harness.Findings;
using Harness.Running;

namespace Harness.Scenarios.Audit;

/// <summary>
/// AUD018: a table's owner bypasses its row-level security unless RLS is forced. When the owner can log in (an owner
/// connection pool, a back-office job, a migration shell), that connection sees and changes every tenant's rows.
/// The app role owning the table is AUD002's case; an owner without LOGIN cannot connect, so it is no finding here.
/// </summary>
internal sealed class OwnerLoginNotForcedRule : IAuditRule
{
    public Rule Rule { get; } = new(
        "AUD018",
        "Row-level security not forced on a tenant table owned by a login role",
        Severity.High,
        "Force row-level security so it applies to the owner too: ALTER TABLE <table> FORCE ROW LEVEL SECURITY; "
        + "and give tables to an owner that cannot log in: ALTER ROLE <owner> NOLOGIN; (or ALTER TABLE <table> OWNER TO <nologin_owner>;)");

    public IEnumerable<CheckResult> Check(AuditInput input)
    {
        foreach (var table in input.TenantTables.Where(t => t.RlsEnabled))
        {
            var subject = table.Name.Value;
            var owner = table.OwnerRole;
            if (table.RlsForced || owner is not { CanLogin: true } || string.Equals(table.Owner, input.AppRole, StringComparison.Ordinal))
            {
                yield return AuditCheck.Pass(Rule, subject);
                continue;
            }

            var always = owner.Superuser || owner.BypassRls
                ? $" ({table.Owner} {(owner.Superuser ? "is a superuser" : "has BYPASSRLS")}, so no policy applies to it even when forced: connect as another role)"
                : "";
            yield return AuditCheck.Fail(
                Rule,
                subject,
                $"Tenant table {subject} has row-level security enabled but not forced, and its owner {table.Owner} can log in: "
                + $"a connection as {table.Owner} (an owner pool, a back-office job) bypasses every policy and sees and changes all tenants' {subject} rows{always}.",
                $"relrowsecurity = true, relforcerowsecurity = false, owner = {table.Owner} "
                + $"(rolcanlogin = true, rolsuper = {Bool(owner.Superuser)}, rolbypassrls = {Bool(owner.BypassRls)}), app role = {input.AppRole}",
                AuditSql.TableOwner(input.Schema, table.Name));
        }
    }

    private static string Bool(bool value) => value ? "true" : "false";
}
