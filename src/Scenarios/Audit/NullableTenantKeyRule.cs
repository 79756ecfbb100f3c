using Harness.Findings;
using Harness.Running;

namespace Harness.Scenarios.Audit;

/// <summary>AUD011: a nullable tenant key admits rows that belong to no tenant (and that no tenant policy matches).</summary>
internal sealed class NullableTenantKeyRule : IAuditRule
{
    public Rule Rule { get; } = new(
        "AUD011",
        "Nullable tenant key",
        Severity.High,
        "Assign or delete the rows without a tenant, then forbid them: "
        + "SELECT count(*) FROM <table> WHERE <tenant_key> IS NULL; ALTER TABLE <table> ALTER COLUMN <tenant_key> SET NOT NULL;");

    public IEnumerable<CheckResult> Check(AuditInput input)
    {
        foreach (var table in input.TenantTables)
        {
            var column = table.FindColumn(input.TenantColumnOf(table.Name));
            if (column is null)
            {
                continue; // AUD010 reports the missing column.
            }

            var subject = $"{table.Name}.{column.Name}";
            yield return column.NotNull
                ? AuditCheck.Pass(Rule, subject)
                : AuditCheck.Fail(
                    Rule,
                    subject,
                    $"Tenant key {subject} is nullable: rows can be stored without a tenant.",
                    $"pg_attribute.attnotnull = false for {input.Schema}.{subject} ({column.DataType})",
                    AuditSql.Columns(input.Schema, table.Name));
        }
    }
}
