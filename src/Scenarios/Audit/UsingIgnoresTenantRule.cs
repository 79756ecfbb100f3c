using Harness.Catalog;
using Harness.Findings;
using Harness.Running;

namespace Harness.Scenarios.Audit;

/// <summary>
/// AUD006: a permissive policy whose USING does not tie rows to the current tenant (the tenant column and the context
/// setting, directly or through a function of the schema) lets the app read, update or delete other tenants' rows.
/// Permissive policies are ORed, so one weak policy opens the table unless a restrictive policy pins the tenant.
/// </summary>
internal sealed class UsingIgnoresTenantRule : IAuditRule
{
    public Rule Rule { get; } = new(
        "AUD006",
        "Policy whose USING ignores the tenant",
        Severity.High,
        "Make the policy's USING compare the tenant column with the context setting: ALTER POLICY <policy> ON <table> "
        + "USING (<tenant_key> = nullif(current_setting('<context_setting>', true), '')::<key_type>);");

    public IEnumerable<CheckResult> Check(AuditInput input)
    {
        foreach (var table in input.TenantTables)
        {
            foreach (var policy in table.Policies.Where(p => p.Permissive && p.Command != "INSERT"))
            {
                yield return Check(input, table, policy);
            }
        }
    }

    private CheckResult Check(AuditInput input, TableInfo table, PolicyInfo policy)
    {
        var subject = AuditCheck.On(policy.Name, table.Name);
        if (policy.Using is null)
        {
            // Without USING the policy makes no existing row visible.
            return AuditCheck.Pass(Rule, subject);
        }

        var reference = input.Analyze(policy.Using, table.Name);
        string[] commands = policy.Command == "ALL" ? ["SELECT", "UPDATE", "DELETE"] : [policy.Command];
        if (reference.Constrains || reference.LeftToMatrix || commands.All(c => input.RestrictivePolicyConfines(table, c, forNewRows: false)))
        {
            return AuditCheck.Pass(Rule, subject);
        }

        var column = input.TenantColumnOf(table.Name);
        var setting = input.Model.ContextSetting;
        var problem = PolicyExpression.IsLiterallyTrue(policy.Using)
            ? "is literally true"
            : reference.TrustsUserClaim
            ? $"takes the tenant from a claim the user writes themselves ({string.Join("/", PolicySettings.UserControlledClaims)}), not from their identity"
            : $"does not reference {WeakWithCheckRule.Missing(reference, column, setting)}";
        return AuditCheck.Fail(
            Rule,
            subject,
            $"Policy {policy.Name} on {table.Name} ({policy.Command}) has a USING that {problem}: the app can see "
            + $"{(policy.Command == "SELECT" ? "" : "and change ")}every tenant's {table.Name} rows.",
            $"command = {policy.Command}, permissive, roles = {{{string.Join(",", policy.Roles)}}}, USING = {policy.Using}"
            + (reference.ViaFunctions.Count > 0 ? $" (calls {string.Join(", ", reference.ViaFunctions)})" : "")
            + $"; tenant column {column}, context setting {setting}",
            AuditSql.Policies(input.Schema, table.Name));
    }
}
