using Harness.Catalog;
using Harness.Findings;
using Harness.Running;

namespace Harness.Scenarios.Audit;

/// <summary>
/// AUD017: a UNIQUE constraint or unique index on a tenant table that leaves out the tenant key makes the values
/// unique across tenants: a unique violation tells one tenant that another holds a value, and lets it take values
/// first. The primary key is not judged (a surrogate key alone is common and fine; AUD013 asks for an index leading
/// with the tenant key), nor a unique generated surrogate key on its own, nor the root, whose rows are the tenants.
/// Partitions are judged through their partitioned table, whose unique indexes they inherit.
/// </summary>
internal sealed class UniqueWithoutTenantKeyRule : IAuditRule
{
    public Rule Rule { get; } = new(
        "AUD017",
        "Unique constraint or index on a tenant table without the tenant key",
        Severity.Medium,
        "Make the uniqueness per tenant: ALTER TABLE <table> DROP CONSTRAINT <constraint>; "
        + "ALTER TABLE <table> ADD CONSTRAINT <constraint> UNIQUE (<tenant_key>, <columns>); "
        + "or, for a unique index, DROP INDEX CONCURRENTLY <index>; CREATE UNIQUE INDEX CONCURRENTLY <index> ON <table> (<tenant_key>, <columns>);");

    public IEnumerable<CheckResult> Check(AuditInput input)
    {
        foreach (var table in input.TenantTablesExceptRoot.Where(t => t.PartitionOf is null))
        {
            var column = input.TenantColumnOf(table.Name);
            foreach (var index in table.Indexes.Where(i => i.IsUnique && !i.IsPrimary))
            {
                var subject = AuditCheck.On(index.Name, table.Name);
                if (index.Columns.Contains(column, StringComparer.Ordinal) || IsGeneratedSurrogate(table, index))
                {
                    yield return AuditCheck.Pass(Rule, subject);
                    continue;
                }

                var kind = index.IsConstraint ? "constraint" : "index";
                var columns = string.Join(", ", index.Columns);
                yield return AuditCheck.Fail(
                    Rule,
                    subject,
                    $"Unique {kind} {index.Name} on {table.Name} ({columns}) does not include {column}: its values are unique across tenants, "
                    + $"so a unique violation tells a tenant that another tenant has a {table.Name} row with that value, and one tenant can block another's inserts by taking a value first.",
                    $"unique {kind} {index.Name} key columns: {columns}; tenant column {column} not among them",
                    AuditSql.Indexes(input.Schema, table.Name));
            }
        }
    }

    /// <summary>One column the database generates (identity, or an integer or uuid with a default): as unique as the surrogate primary key it usually shadows.</summary>
    private static bool IsGeneratedSurrogate(TableInfo table, IndexInfo index) =>
        index.Columns.Count == 1
        && table.FindColumn(index.Columns[0]) is { } column
        && (column.IsIdentity || (column.HasDefault && column.TypeName is "uuid" or "int2" or "int4" or "int8"));
}
