using Harness.Findings;
using Harness.Running;

namespace Harness.Scenarios.Audit;

/// <summary>AUD013: without an index leading with the tenant key, every tenant-scoped query scans all tenants' rows.</summary>
internal sealed class NoTenantIndexRule : IAuditRule
{
    public Rule Rule { get; } = new(
        "AUD013",
        "Tenant table without an index leading with the tenant key",
        Severity.Medium,
        "Lead the primary key with the tenant key (PRIMARY KEY (<tenant_key>, id)) or add an index: "
        + "CREATE INDEX CONCURRENTLY <table>_<tenant_key>_idx ON <table> (<tenant_key>);");

    public IEnumerable<CheckResult> Check(AuditInput input)
    {
        foreach (var table in input.TenantTablesExceptRoot)
        {
            var subject = table.Name.Value;
            var key = input.Model.TenantKey;
            if (table.Indexes.Any(i => i.Columns.Count > 0 && i.Columns[0] == key))
            {
                yield return AuditCheck.Pass(Rule, subject);
                continue;
            }

            yield return AuditCheck.Fail(
                Rule,
                subject,
                $"Tenant table {subject} has no index whose first column is {key}: every query for one tenant scans all tenants' rows.",
                table.Indexes.Count == 0
                    ? $"{input.Schema}.{subject} has no index"
                    : $"indexes of {input.Schema}.{subject}: {string.Join("; ", table.Indexes.Select(i => $"{i.Name} ({string.Join(", ", i.Columns)})"))}",
                AuditSql.Indexes(input.Schema, table.Name));
        }
    }
}
