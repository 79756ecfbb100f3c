using Harness.Findings;
using Harness.Running;

namespace Harness.Scenarios.Audit;

/// <summary>
/// AUD021: a materialized view stores a copy of the rows its query read when it was refreshed, as its owner, and has no
/// row-level security of its own; an app role that may SELECT it reads every tenant's rows in it.
/// </summary>
internal sealed class MaterializedViewReadableRule : IAuditRule
{
    private static readonly string[] Select = ["SELECT"];

    public Rule Rule { get; } = new(
        "AUD021",
        "Materialized view over tenant tables readable by the app role",
        Severity.High,
        "Take the app's SELECT away and read the tenant tables (or a security_invoker view over them) instead: "
        + "REVOKE SELECT ON <materialized_view> FROM PUBLIC, <app_role>, <role_the_app_role_is_a_member_of>; "
        + "or serve it through a function that filters by <tenant_key> = nullif(current_setting('<context_setting>', true), '')::<key_type>;");

    public IEnumerable<CheckResult> Check(AuditInput input)
    {
        foreach (var view in input.Catalog.Views)
        {
            var subject = view.Name.Value;
            var grants = view.Materialized ? AppGrants.On(input, view.Grants, Select) : [];
            var tenantTables = view.Materialized && (view.AppRoleCanSelect || grants.Count > 0)
                ? view.DependsOn.Where(input.IsTenantTable).Distinct().ToList()
                : [];
            if (tenantTables.Count == 0)
            {
                yield return AuditCheck.Pass(Rule, subject);
                continue;
            }

            var tables = string.Join(", ", tenantTables);
            var holders = grants.Count > 0 ? AppGrants.Describe(input, grants) : $"SELECT to the app role {input.AppRole}";
            yield return AuditCheck.Fail(
                Rule,
                subject,
                $"Materialized view {subject} reads tenant tables ({tables}) and grants {holders}: it holds a copy of every tenant's rows, "
                + "taken as its owner, and row-level security never filters a materialized view, so the app reads all tenants' data through it.",
                $"relkind = m, owner = {view.Owner}, has_table_privilege({input.AppRole}, SELECT) = {(view.AppRoleCanSelect ? "true" : "false")}, "
                + $"reads {tables}" + (grants.Count > 0 ? $"; {AppGrants.Evidence(grants)}" : ""),
                AuditSql.View(input.Schema, view.Name, input.AppRole));
        }
    }
}
