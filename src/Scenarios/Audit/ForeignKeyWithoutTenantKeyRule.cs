using Harness.Catalog;
using Harness.Findings;
using Harness.Running;

namespace Harness.Scenarios.Audit;

/// <summary>
/// AUD012: a foreign key between tenant tables must map the tenant key onto the referenced table's tenant column
/// (the root's key for the root); otherwise a row of one tenant can point at another tenant's row.
/// </summary>
internal sealed class ForeignKeyWithoutTenantKeyRule : IAuditRule
{
    public Rule Rule { get; } = new(
        "AUD012",
        "Foreign key between tenant tables without the tenant key",
        Severity.High,
        "Make the foreign key composite with the tenant key: ALTER TABLE <referenced> ADD UNIQUE (<tenant_key>, <key>); (unless its primary key already is) "
        + "ALTER TABLE <table> DROP CONSTRAINT <constraint>; ALTER TABLE <table> ADD CONSTRAINT <constraint> "
        + "FOREIGN KEY (<tenant_key>, <column>) REFERENCES <referenced> (<tenant_key>, <key>);");

    public IEnumerable<CheckResult> Check(AuditInput input)
    {
        foreach (var table in input.TenantTables)
        {
            foreach (var key in table.ForeignKeys.Where(k => input.IsTenantTable(k.ReferencedTable)))
            {
                var subject = AuditCheck.On(key.Name, table.Name);
                if (CarriesTenantKey(input, table, key))
                {
                    yield return AuditCheck.Pass(Rule, subject);
                    continue;
                }

                var column = input.TenantColumnOf(table.Name);
                var referencedColumn = input.TenantColumnOf(key.ReferencedTable);
                yield return AuditCheck.Fail(
                    Rule,
                    subject,
                    $"Foreign key {key.Name} on {table.Name} ({string.Join(", ", key.Columns)}) -> {key.ReferencedTable} ({string.Join(", ", key.ReferencedColumns)}) "
                    + $"does not map {column} to {key.ReferencedTable}.{referencedColumn}: a row of {table.Name} in one tenant can point at a row of {key.ReferencedTable} in another tenant.",
                    $"conkey = {{{string.Join(",", key.Columns)}}}, confrelid = {key.ReferencedTable}, confkey = {{{string.Join(",", key.ReferencedColumns)}}}",
                    AuditSql.ForeignKeys(input.Schema, table.Name));
            }
        }
    }

    private static bool CarriesTenantKey(AuditInput input, TableInfo table, ForeignKeyInfo key)
    {
        var column = input.TenantColumnOf(table.Name);
        var referencedColumn = input.TenantColumnOf(key.ReferencedTable);
        return key.Columns
            .Zip(key.ReferencedColumns)
            .Any(pair => pair.First == column && pair.Second == referencedColumn);
    }
}
