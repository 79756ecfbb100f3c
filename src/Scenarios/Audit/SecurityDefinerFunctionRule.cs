using Harness.Findings;
using Harness.Running;

namespace Harness.Scenarios.Audit;

/// <summary>
/// AUD007: a SECURITY DEFINER function runs with its owner's rights, so RLS is checked against the owner, not the app.
/// A static warning: the function may filter by tenant itself. The RLS matrix's function probes (RLS007) are the
/// verdict: they call it as one tenant and report another tenant's rows coming back.
/// </summary>
internal sealed class SecurityDefinerFunctionRule : IAuditRule
{
    public Rule Rule { get; } = new(
        "AUD007",
        "SECURITY DEFINER function reads tenant tables",
        Severity.Medium,
        "Run the function with the caller's rights so RLS applies: ALTER FUNCTION <function>(<argument types>) SECURITY INVOKER; "
        + "if it must stay SECURITY DEFINER, filter every tenant table inside it by "
        + "<tenant_key> = nullif(current_setting('<context_setting>', true), '')::<key_type> and "
        + "REVOKE EXECUTE ON FUNCTION <function>(<argument types>) FROM PUBLIC, <app_role>; for roles that must not call it.");

    public IEnumerable<CheckResult> Check(AuditInput input)
    {
        foreach (var function in input.Catalog.Functions)
        {
            var subject = function.Signature;
            var tenantTables = function.SecurityDefiner && function.AppRoleCanExecute ? input.TenantTablesReadBy(function) : [];
            if (tenantTables.Count == 0)
            {
                yield return AuditCheck.Pass(Rule, subject);
                continue;
            }

            var tables = string.Join(", ", tenantTables);
            yield return AuditCheck.Fail(
                Rule,
                subject,
                $"Function {subject} is SECURITY DEFINER, callable by the app role {input.AppRole}, and reads tenant tables ({tables}): "
                + $"it runs as its owner {function.Owner}, so row-level security does not filter {tables} by the caller's tenant "
                + "unless the function filters them itself (the RLS matrix's function probes, RLS007, show whether another tenant's rows come back).",
                $"prosecdef = true, owner = {function.Owner}, language = {function.Language}, "
                + $"has_function_privilege({input.AppRole}, EXECUTE) = true, reads {tables}",
                AuditSql.Function(input.Schema, function.Name, input.AppRole));
        }
    }
}
