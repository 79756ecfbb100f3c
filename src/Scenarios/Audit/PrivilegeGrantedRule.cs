using Harness.Catalog;
using Harness.Findings;
using Harness.Running;

namespace Harness.Scenarios.Audit;

/// <summary>
/// A privilege on a tenant table that row-level security does not govern, held by the app role directly, through
/// PUBLIC or through a role it is a member of. The owner's own privileges are AUD003's matter, so they are left out.
/// </summary>
internal abstract class PrivilegeGrantedRule : IAuditRule
{
    public abstract Rule Rule { get; }

    /// <summary>The privileges this rule reports.</summary>
    protected abstract IReadOnlyCollection<string> Privileges { get; }

    /// <summary>What the app can do with the privileges on the table, for the message.</summary>
    protected abstract string Consequence(TableInfo table, IReadOnlyCollection<string> privileges);

    public IEnumerable<CheckResult> Check(AuditInput input)
    {
        foreach (var table in input.TenantTables)
        {
            var subject = table.Name.Value;
            var grants = AppGrants.On(input, table.Grants, Privileges, exceptGrantee: table.Owner);
            if (grants.Count == 0)
            {
                yield return AuditCheck.Pass(Rule, subject);
                continue;
            }

            var privileges = grants.Select(g => g.Privilege).Distinct(StringComparer.Ordinal).ToList();
            yield return AuditCheck.Fail(
                Rule,
                subject,
                $"Tenant table {subject} grants {AppGrants.Describe(input, grants)}: {Consequence(table, privileges)}",
                $"relacl of {input.Schema}.{subject} (owner {table.Owner}): {AppGrants.Evidence(grants)}",
                AuditSql.Grants(input.Schema, table.Name, input.AppRole));
        }
    }
}
