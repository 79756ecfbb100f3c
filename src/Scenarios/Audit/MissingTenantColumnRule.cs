using Harness.Findings;
using Harness.Migrations;
using Harness.Running;

namespace Harness.Scenarios.Audit;

/// <summary>
/// AUD010: every table is either the root, declared global, a migration tool's history table, or carries the tenant key;
/// anything else is unscoped data.
/// </summary>
internal sealed class MissingTenantColumnRule : IAuditRule
{
    public Rule Rule { get; } = new(
        "AUD010",
        "Table without the tenant column that is not declared global",
        Severity.High,
        "Add the tenant key, backfill it, and scope the table: ALTER TABLE <table> ADD COLUMN <tenant_key> <key_type> REFERENCES <root> (<root_key>); "
        + "UPDATE <table> SET <tenant_key> = ...; ALTER TABLE <table> ALTER COLUMN <tenant_key> SET NOT NULL; then enable RLS with a tenant policy "
        + "(see AUD001); or, if the table is shared by all tenants on purpose, list it under tenancy.global in the manifest.");

    public IEnumerable<CheckResult> Check(AuditInput input)
    {
        foreach (var table in input.Catalog.Tables.Where(t => !input.IsGlobal(t.Name)))
        {
            var subject = table.Name.Value;
            var column = input.TenantColumnOf(table.Name);
            if (table.FindColumn(column) is not null || MigrationTools.Find(subject) is not null)
            {
                // A migration tool's history table (schema_migrations, _prisma_migrations...) holds versions, not tenants' data.
                yield return AuditCheck.Pass(Rule, subject);
                continue;
            }

            yield return AuditCheck.Fail(
                Rule,
                subject,
                $"Table {subject} has no {column} column and is not declared global: tenant table missing the tenant column, or declare it global.",
                $"columns of {input.Schema}.{subject}: {string.Join(", ", table.Columns.Select(c => c.Name))}; "
                + $"global tables: {(input.Model.GlobalTables.Count == 0 ? "(none)" : string.Join(", ", input.Model.GlobalTables.Select(t => t.Value).Order(StringComparer.Ordinal)))}",
                AuditSql.Columns(input.Schema, table.Name));
        }
    }
}
