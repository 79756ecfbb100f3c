using Harness.Catalog;
using Harness.Findings;
using Harness.Running;

namespace Harness.Scenarios.Audit;

/// <summary>
/// AUD005: a permissive ALL/INSERT/UPDATE policy whose effective WITH CHECK does not pin the tenant lets the app write
/// rows into (or move rows to) another tenant. PostgreSQL checks new rows with WITH CHECK, or with USING when an
/// ALL/UPDATE policy has no WITH CHECK; a policy with neither admits no new rows (fail closed), so it is no finding here.
/// </summary>
internal sealed class WeakWithCheckRule : IAuditRule
{
    public Rule Rule { get; } = new(
        "AUD005",
        "Policy whose WITH CHECK does not constrain the tenant",
        Severity.High,
        "Give the policy a WITH CHECK that pins new rows to the current tenant: ALTER POLICY <policy> ON <table> "
        + "WITH CHECK (<tenant_key> = nullif(current_setting('<context_setting>', true), '')::<key_type>);");

    public IEnumerable<CheckResult> Check(AuditInput input)
    {
        foreach (var table in input.TenantTables)
        {
            foreach (var policy in table.Policies.Where(p => p.Permissive && p.Command is "ALL" or "INSERT" or "UPDATE"))
            {
                yield return Check(input, table, policy);
            }
        }
    }

    private CheckResult Check(AuditInput input, TableInfo table, PolicyInfo policy)
    {
        var subject = AuditCheck.On(policy.Name, table.Name);
        var usingAsCheck = policy.WithCheck is null && policy.Command != "INSERT";
        var effective = policy.WithCheck ?? (usingAsCheck ? policy.Using : null);
        if (effective is null)
        {
            // No expression at all: PostgreSQL adds nothing from this policy, so it admits no new rows.
            return AuditCheck.Pass(Rule, subject);
        }

        var reference = input.Analyze(effective, table.Name);
        string[] commands = policy.Command == "ALL" ? ["INSERT", "UPDATE"] : [policy.Command];
        if (reference.Constrains || reference.LeftToMatrix || commands.All(c => input.RestrictivePolicyConfines(table, c, forNewRows: true)))
        {
            return AuditCheck.Pass(Rule, subject);
        }

        var column = input.TenantColumnOf(table.Name);
        var setting = input.Model.ContextSetting;
        var problem = PolicyExpression.IsLiterallyTrue(effective)
            ? "is literally true"
            : reference.TrustsUserClaim
            ? $"takes the tenant from a claim the user writes themselves ({string.Join("/", PolicySettings.UserControlledClaims)}), not from their identity"
            : $"does not reference {Missing(reference, column, setting)}";
        var message = usingAsCheck
            ? $"Policy {policy.Name} on {table.Name} ({policy.Command}) has no WITH CHECK and its USING, which PostgreSQL uses to check new rows, {problem}: "
              + $"the app can write {table.Name} rows into another tenant."
            : $"Policy {policy.Name} on {table.Name} ({policy.Command}) has a WITH CHECK that {problem}: the app can insert or move {table.Name} rows into another tenant.";
        return AuditCheck.Fail(
            Rule,
            subject,
            message,
            $"command = {policy.Command}, permissive, roles = {{{string.Join(",", policy.Roles)}}}, "
            + $"USING = {policy.Using ?? "(none)"}, WITH CHECK = {policy.WithCheck ?? "(none)"}; tenant column {column}, context setting {setting}",
            AuditSql.Policies(input.Schema, table.Name));
    }

    internal static string Missing(TenantReference reference, string column, string setting) =>
        (reference.TenantColumn, reference.ContextSetting) switch
        {
            (true, false) => $"the context setting {setting}",
            (false, true) => $"the tenant column {column}",
            _ => $"the tenant column {column} or the context setting {setting}",
        };
}
