using Harness.Findings;
using Harness.Running;

namespace Harness.Scenarios.Audit;

/// <summary>
/// AUD008: a view without security_invoker reads its tables with its owner's rights, so RLS does not filter it for the app.
/// A materialized view cannot run with the caller's rights at all: AUD021 judges those.
/// </summary>
internal sealed class ViewWithoutInvokerRule : IAuditRule
{
    public Rule Rule { get; } = new(
        "AUD008",
        "View without security_invoker reads tenant tables",
        Severity.High,
        "Make the view run with the caller's rights (PostgreSQL 15+): ALTER VIEW <view> SET (security_invoker = true);");

    public IEnumerable<CheckResult> Check(AuditInput input)
    {
        foreach (var view in input.Catalog.Views.Where(v => !v.Materialized))
        {
            var subject = view.Name.Value;
            var tenantTables = view.SecurityInvoker || !view.AppRoleCanSelect
                ? []
                : view.DependsOn.Where(input.IsTenantTable).Distinct().ToList();
            if (tenantTables.Count == 0)
            {
                yield return AuditCheck.Pass(Rule, subject);
                continue;
            }

            var tables = string.Join(", ", tenantTables);
            yield return AuditCheck.Fail(
                Rule,
                subject,
                $"View {subject} is readable by the app role {input.AppRole}, has no security_invoker and reads tenant tables ({tables}): "
                + $"it reads them as its owner {view.Owner}, so row-level security does not filter it by the caller's tenant.",
                $"security_invoker not set, owner = {view.Owner}, has_table_privilege({input.AppRole}, SELECT) = true, reads {tables}",
                AuditSql.View(input.Schema, view.Name, input.AppRole));
        }
    }
}
