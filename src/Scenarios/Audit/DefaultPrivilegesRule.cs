using Harness.Catalog;
using Harness.Findings;
using Harness.Running;

namespace Harness.Scenarios.Audit;

/// <summary>
/// AUD022: default privileges (<c>ALTER DEFAULT PRIVILEGES ... GRANT ... ON TABLES</c>) that give new tables in the
/// schema more than SELECT, INSERT, UPDATE and DELETE to PUBLIC, the app role or a role it is a member of: every
/// table a later migration creates gets TRUNCATE, TRIGGER or REFERENCES (AUD015, AUD016) for the app without anyone
/// writing a GRANT. One check per grantee: PUBLIC and the app role always, and any other grantee that reaches the app role.
/// </summary>
internal sealed class DefaultPrivilegesRule : IAuditRule
{
    private static readonly HashSet<string> DataPrivileges = new(["SELECT", "INSERT", "UPDATE", "DELETE"], StringComparer.Ordinal);

    public Rule Rule { get; } = new(
        "AUD022",
        "Default privileges give new tables more than SELECT, INSERT, UPDATE, DELETE",
        Severity.Medium,
        "Narrow the default privileges to what the app needs: ALTER DEFAULT PRIVILEGES FOR ROLE <creator> IN SCHEMA <schema> "
        + "REVOKE ALL ON TABLES FROM <grantee>; ALTER DEFAULT PRIVILEGES FOR ROLE <creator> IN SCHEMA <schema> "
        + "GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO <app_role>; (without IN SCHEMA for an entry that applies to every schema)");

    public IEnumerable<CheckResult> Check(AuditInput input)
    {
        var reaching = input.Catalog.DefaultPrivileges
            .Where(d => !string.Equals(d.Grantee, d.Creator, StringComparison.Ordinal) && AppGrants.Reaches(input, d.Grantee))
            .ToList();
        var grantees = new[] { GrantInfo.Public, input.AppRole }.Concat(reaching.Select(d => d.Grantee)).Distinct(StringComparer.Ordinal);
        foreach (var grantee in grantees)
        {
            var subject = $"default privileges on tables to {grantee}";
            var beyond = reaching
                .Where(d => string.Equals(d.Grantee, grantee, StringComparison.Ordinal) && !DataPrivileges.Contains(d.Privilege))
                .ToList();
            if (beyond.Count == 0)
            {
                yield return AuditCheck.Pass(Rule, subject);
                continue;
            }

            var privileges = string.Join(", ", beyond.Select(d => d.Privilege).Distinct(StringComparer.Ordinal));
            var creators = string.Join(", ", beyond
                .Select(d => $"{d.Creator} {(d.AllSchemas ? "in every schema" : $"in {input.Schema}")}")
                .Distinct(StringComparer.Ordinal));
            yield return AuditCheck.Fail(
                Rule,
                subject,
                $"The {subject} go beyond SELECT, INSERT, UPDATE, DELETE: every new table created by {creators} grants {privileges} "
                + $"to {AppGrants.Holder(input, grantee)}, so each table a later migration creates gives the app these privileges without a GRANT anyone reviews "
                + "(TRUNCATE ignores row-level security; TRIGGER and REFERENCES expose other tenants' rows and keys).",
                $"pg_default_acl (objtype r): {string.Join(", ", beyond.Select(d => $"{d.Creator}{(d.AllSchemas ? " (every schema)" : "")} -> {d.Grantee}: {d.Privilege}"))}",
                AuditSql.DefaultPrivileges(input.Schema));
        }
    }
}
