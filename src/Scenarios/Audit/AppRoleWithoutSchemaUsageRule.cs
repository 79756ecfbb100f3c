using Harness.Findings;
using Harness.Running;
using Harness.Sql;

namespace Harness.Scenarios.Audit;

/// <summary>
/// AUD024: the app role holds privileges on tenant tables but has no USAGE on the schema that holds them (directly,
/// through PUBLIC or a role it inherits). Every query it makes there fails with "permission denied for schema": the
/// grants are dead, the app cannot work, and every isolation check made through it proves nothing. Typical of
/// migrations written for one schema by name (<c>GRANT USAGE ON SCHEMA public TO app</c>) applied to another. One check
/// for the schema, when the role exists and is granted something on its tenant tables.
/// </summary>
internal sealed class AppRoleWithoutSchemaUsageRule : IAuditRule
{
    private static readonly string[] DataPrivileges = ["SELECT", "INSERT", "UPDATE", "DELETE"];

    public Rule Rule { get; } = new(
        "AUD024",
        "App role without USAGE on a schema holding tenant tables",
        Severity.Medium,
        "Grant the app role USAGE on the schema: GRANT USAGE ON SCHEMA <schema> TO <app_role>; in a migration that must work in "
        + "whichever schema it runs in: EXECUTE format('GRANT USAGE ON SCHEMA %I TO <app_role>', current_schema());");

    public IEnumerable<CheckResult> Check(AuditInput input)
    {
        var granted = input.TenantTables.Where(t => AppGrants.On(input, t.Grants, DataPrivileges, t.Owner).Count > 0).ToList();
        if (input.Catalog.AppRoleHasSchemaUsage is not { } usage || granted.Count == 0)
        {
            // Not known (no app role read, or it does not exist: AUD009 says so), or the role is granted nothing here to use.
            yield break;
        }

        var subject = $"schema {input.Schema}";
        if (usage)
        {
            yield return AuditCheck.Pass(Rule, subject);
            yield break;
        }

        var tables = string.Join(", ", granted.Select(t => t.Name.Value).Take(5)) + (granted.Count > 5 ? ", ..." : "");
        yield return AuditCheck.Fail(
            Rule,
            subject,
            $"App role {input.AppRole} has no USAGE on schema {input.Schema}, which holds the tenant tables it is granted privileges on ({tables}): every query it makes there "
            + $"fails with \"permission denied for schema {input.Schema}\", so the app cannot work and isolation checks made through it prove nothing.",
            $"has_schema_privilege('{input.AppRole}', '{input.Schema}', 'USAGE') = false",
            $"SELECT has_schema_privilege({SqlLiteral.Quote(input.AppRole)}, {SqlLiteral.Quote(input.Schema)}, 'USAGE');");
    }
}
