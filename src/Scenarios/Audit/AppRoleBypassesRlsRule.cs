using Harness.Findings;
using Harness.Running;

namespace Harness.Scenarios.Audit;

/// <summary>AUD009: an app role that is superuser or has BYPASSRLS ignores every policy; a missing role cannot be audited.</summary>
internal sealed class AppRoleBypassesRlsRule : IAuditRule
{
    public Rule Rule { get; } = new(
        "AUD009",
        "App role bypasses row-level security or does not exist",
        Severity.Critical,
        "Make the app role subject to RLS: ALTER ROLE <app_role> NOSUPERUSER NOBYPASSRLS; "
        + "if it does not exist, create it (CREATE ROLE <app_role> LOGIN NOSUPERUSER NOBYPASSRLS;) or set database.appRole in the manifest to the role the app connects as.");

    public IEnumerable<CheckResult> Check(AuditInput input)
    {
        var name = input.AppRole;
        var role = input.Catalog.AppRole;
        if (role is null)
        {
            yield return AuditCheck.Fail(
                Rule,
                name,
                $"App role {name} does not exist: the audit cannot tell whether row-level security applies to the app, and the app cannot connect as it.",
                $"pg_roles has no row with rolname = {name}",
                AuditSql.Role(name));
            yield break;
        }

        if (!role.Superuser && !role.BypassRls)
        {
            yield return AuditCheck.Pass(Rule, name);
            yield break;
        }

        var powers = (role.Superuser, role.BypassRls) switch
        {
            (true, true) => "is a superuser and has BYPASSRLS",
            (true, false) => "is a superuser",
            _ => "has BYPASSRLS",
        };
        yield return AuditCheck.Fail(
            Rule,
            name,
            $"App role {name} {powers}: row-level security never applies to it, so every tenant's rows are visible to the app.",
            $"rolsuper = {(role.Superuser ? "true" : "false")}, rolbypassrls = {(role.BypassRls ? "true" : "false")}, rolcanlogin = {(role.CanLogin ? "true" : "false")}",
            AuditSql.Role(name));
    }
}
