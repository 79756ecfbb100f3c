using Harness.Findings;
using Harness.Running;

namespace Harness.Scenarios.Audit;

/// <summary>AUD014: a non-unique secondary index on a tenant table should lead with the tenant key, as every query filters by it.</summary>
internal sealed class IndexNotLeadingRule : IAuditRule
{
    public Rule Rule { get; } = new(
        "AUD014",
        "Secondary index on a tenant table not leading with the tenant key",
        Severity.Low,
        "Recreate the index with the tenant key first: DROP INDEX CONCURRENTLY <index>; "
        + "CREATE INDEX CONCURRENTLY <index> ON <table> (<tenant_key>, <columns>);");

    public IEnumerable<CheckResult> Check(AuditInput input)
    {
        var key = input.Model.TenantKey;
        foreach (var table in input.TenantTablesExceptRoot)
        {
            foreach (var index in table.Indexes.Where(i => !i.IsUnique && !i.IsPrimary))
            {
                var subject = AuditCheck.On(index.Name, table.Name);
                yield return index.Columns.Count > 0 && index.Columns[0] == key
                    ? AuditCheck.Pass(Rule, subject)
                    : AuditCheck.Fail(
                        Rule,
                        subject,
                        $"Index {index.Name} on {table.Name} ({string.Join(", ", index.Columns)}) does not lead with {key}: tenant-scoped queries cannot use it well.",
                        $"non-unique index {index.Name} key columns: {string.Join(", ", index.Columns)}",
                        AuditSql.Indexes(input.Schema, table.Name));
            }
        }
    }
}
