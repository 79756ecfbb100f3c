using System.Text.Json.Nodes;
using Harness.Catalog;
using Harness.Ledger;
using Harness.Model;
using Harness.Probing;
using Harness.Sql;

namespace Harness.Scenarios.Rls;

/// <summary>
/// One tenant table as the matrix probes it: how rows are targeted (the ledger's primary-key columns, or the tenant
/// column when the table has no key), and the statements, each with text-array parameters cast to the column types so
/// one prepared statement serves every tenant.
/// </summary>
internal sealed class TableTarget
{
    private readonly IReadOnlyList<ColumnInfo> keyColumns;

    public TableTarget(TableInfo table, TenancyModel model, SeedLedger ledger)
    {
        Table = table;
        TenantColumn = table.FindColumn(model.TenantColumnOf(table.Name))
            ?? throw new RlsMatrixException($"Tenant table {table.Name} has no column {model.TenantColumnOf(table.Name)}.") { Table = table.Name.Value };
        var ledgerKey = ledger.Tenants.Select(t => t.Table(table.Name.Value)).FirstOrDefault(t => t is not null)?.KeyColumns ?? [];
        var columns = ledgerKey.Select(table.FindColumn).ToList();
        KeyedByTenant = columns.Count == 0 || columns.Any(c => c is null);
        keyColumns = KeyedByTenant ? [TenantColumn] : [.. columns.Select(c => c!)];
        UpdateColumn = table.Columns.FirstOrDefault(c =>
                !c.IsGenerated && !c.IsIdentity && c.Name != TenantColumn.Name && !keyColumns.Contains(c))?.Name
            ?? TenantColumn.Name;
        InsertColumns = [.. table.Columns.Where(c => !c.IsGenerated && !c.IsIdentity).Select(c => c.Name)];
        FreshColumns = FreshValues.ColumnsOf(table, TenantColumn.Name);

        var t = SqlIdentifier.Quote(table.Name.Value);
        var tenant = "t." + SqlIdentifier.Quote(TenantColumn.Name);
        var shape = $"SELECT {tenant}::text, {KeyMatch(1)}, left(to_jsonb(t)::text, 400) FROM {t} AS t";
        SelectAll = shape;
        SelectByKeys = $"SELECT {tenant}::text, true, left(to_jsonb(t)::text, 400) FROM {t} AS t WHERE {KeyMatch(1)}";
        var update = SqlIdentifier.Quote(UpdateColumn);
        UpdateByKeys = $"UPDATE {t} AS t SET {update} = t.{update} WHERE {KeyMatch(1)}";
        DeleteByKeys = $"DELETE FROM {t} AS t WHERE {KeyMatch(1)}";
        MoveAll = $"UPDATE {t} AS t SET {SqlIdentifier.Quote(TenantColumn.Name)} = $1::{TenantColumn.DataType}";
        var insertColumns = string.Join(", ", InsertColumns.Select(SqlIdentifier.Quote));
        Insert = $"INSERT INTO {t} ({insertColumns}) SELECT {string.Join(", ", InsertColumns.Select(c => "r." + SqlIdentifier.Quote(c)))} "
            + $"FROM jsonb_populate_record(NULL::{t}, $1::jsonb) AS r";
        Template = $"SELECT DISTINCT ON ({tenant}) {tenant}::text, to_jsonb(t)::text FROM {t} AS t WHERE {tenant} IS NOT NULL "
            + $"ORDER BY {tenant}, {string.Join(", ", keyColumns.Select(c => "t." + SqlIdentifier.Quote(c.Name)))}";
    }

    public TableInfo Table { get; }

    public TableName Name => Table.Name;

    public ColumnInfo TenantColumn { get; }

    /// <summary>The table has no primary key in the ledger: rows are targeted by the tenant column.</summary>
    public bool KeyedByTenant { get; }

    /// <summary>The column an UPDATE probe sets to itself: the row is touched but not changed.</summary>
    public string UpdateColumn { get; }

    public IReadOnlyList<string> InsertColumns { get; }

    /// <summary>Key and unique columns an inserted copy gets fresh values for (the tenant column excepted).</summary>
    public IReadOnlyList<ColumnInfo> FreshColumns { get; }

    /// <summary>Every visible row: tenant, whether it is one of the keys in the parameters, the row as JSON.</summary>
    public string SelectAll { get; }

    public string SelectByKeys { get; }

    public string UpdateByKeys { get; }

    public string DeleteByKeys { get; }

    /// <summary>
    /// Sets the tenant column of every row the UPDATE policies admit to parameter 1. Without a WHERE clause no SELECT
    /// right is needed, so PostgreSQL checks the new rows with the UPDATE policies' WITH CHECK alone, as for an app's
    /// <c>UPDATE t SET company_id = ...</c>; with one, SELECT policies would also have to admit the moved row.
    /// </summary>
    public string MoveAll { get; }

    /// <summary>Inserts the row given as JSON in parameter 1 (generated and identity columns take their defaults).</summary>
    public string Insert { get; }

    /// <summary>As the admin: one row per tenant, as JSON, to copy for INSERT probes.</summary>
    public string Template { get; }

    /// <summary>The keys of a tenant's seeded rows in this table.</summary>
    public IReadOnlyList<IReadOnlyList<string>> KeysOf(SeededTenant tenant)
    {
        if (KeyedByTenant)
        {
            return tenant.Table(Name.Value) is { Keys.Count: > 0 } ? [[tenant.TenantId]] : [];
        }

        return tenant.Table(Name.Value)?.Keys ?? [];
    }

    /// <summary>How many seeded rows of the tenant a SELECT under its own context must show.</summary>
    public int SeededRowsOf(SeededTenant tenant) => tenant.Table(Name.Value)?.Keys.Count ?? 0;

    /// <summary>The key arrays (one text array per key column) for statements built with <see cref="KeyMatch"/>.</summary>
    public object[] KeyParameters(IEnumerable<IReadOnlyList<string>> keys)
    {
        var list = keys.ToList();
        return [.. keyColumns.Select((_, i) => (object)list.Select(k => k[i]).ToArray())];
    }

    /// <summary>A copy of a tenant's template row with fresh key and unique values, as JSON.</summary>
    /// <summary>Columns naming the user who writes the row (foreign keys to the users the membership's user column names).</summary>
    public IReadOnlyList<string> UserColumns { get; init; } = [];

    /// <summary>
    /// A copy of <paramref name="template"/> with fresh keys; when the probe acts as a user, the columns naming the row's
    /// writer name that user, as the app writes them (<c>created_by = auth.uid()</c>), so a policy that checks the writer
    /// admits the tenant's own row and a cross-tenant row is refused for its tenant, never for its writer.
    /// </summary>
    public string InsertPayload(JsonObject template, FreshValues fresh, string? actingUser = null)
    {
        var copy = fresh.Copy(template, FreshColumns, Table);
        if (actingUser is not null)
        {
            foreach (var column in UserColumns)
            {
                copy[column] = actingUser;
            }
        }

        return copy.ToJsonString();
    }

    private string KeyMatch(int firstParameter)
    {
        var columns = string.Join(", ", keyColumns.Select(c => "t." + SqlIdentifier.Quote(c.Name)));
        var casts = string.Join(", ", keyColumns.Select((c, i) => $"k.c{i}::{c.DataType}"));
        var arrays = string.Join(", ", keyColumns.Select((_, i) => $"${firstParameter + i}::text[]"));
        var names = string.Join(", ", keyColumns.Select((_, i) => $"c{i}"));
        return $"({columns}) IN (SELECT {casts} FROM unnest({arrays}) AS k({names}))";
    }
}
