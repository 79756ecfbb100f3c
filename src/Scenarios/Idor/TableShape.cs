using Harness.Catalog;
using Harness.Model;
using Harness.Probing;
using Harness.Sql;

namespace Harness.Scenarios.Idor;

/// <summary>
/// One tenant table as the IDOR probes touch it as the admin: rows addressed by their primary key (the ledger's key
/// columns), read as JSON with an md5 checksum of the whole row, restored from a before-image, copied with fresh keys.
/// </summary>
internal sealed class TableShape
{
    public TableShape(TableInfo table, TenancyModel model)
    {
        Table = table;
        TenantColumn = model.TenantColumnOf(table.Name);
        KeyColumns = [.. table.PrimaryKey.Select(c => table.FindColumn(c)!)];
        Writable = [.. table.Columns.Where(c => !c.IsGenerated && !c.IsIdentity)];
        FreshColumns = FreshValues.ColumnsOf(table, TenantColumn, table.Name == model.Root);
        var t = SqlIdentifier.Quote(table.Name.Value);
        var keyMatch = KeyMatch(1);
        var writable = string.Join(", ", Writable.Select(c => SqlIdentifier.Quote(c.Name)));
        var fromRecord = string.Join(", ", Writable.Select(c => "r." + SqlIdentifier.Quote(c.Name)));
        var keyText = string.Join(", ", KeyColumns.Select(c => $"t.{SqlIdentifier.Quote(c.Name)}::text"));
        SelectRow = $"SELECT to_jsonb(t)::text, md5(t::text) FROM {t} AS t WHERE {keyMatch}";
        Restore = $"UPDATE {t} AS t SET ({writable}) = (SELECT {fromRecord} FROM jsonb_populate_record(NULL::{t}, ${KeyColumns.Count + 1}::jsonb) AS r) WHERE {keyMatch}";
        Insert = $"INSERT INTO {t} AS t ({writable}) SELECT {fromRecord} FROM jsonb_populate_record(NULL::{t}, $1::jsonb) AS r RETURNING {keyText}";
        Delete = $"DELETE FROM {t} AS t WHERE {keyMatch}";
        FirstRowOf = $"SELECT to_jsonb(t)::text FROM {t} AS t WHERE t.{SqlIdentifier.Quote(TenantColumn)}::text = $1 ORDER BY {string.Join(", ", KeyColumns.Select(c => "t." + SqlIdentifier.Quote(c.Name)))} LIMIT 1";
    }

    public TableInfo Table { get; }

    public TableName Name => Table.Name;

    public string TenantColumn { get; }

    public IReadOnlyList<ColumnInfo> KeyColumns { get; }

    /// <summary>Columns a copy or a restore writes (generated and identity columns keep their own values).</summary>
    public IReadOnlyList<ColumnInfo> Writable { get; }

    /// <summary>Key and unique columns a copy gets fresh values in (the tenant column kept, except the root's key).</summary>
    public IReadOnlyList<ColumnInfo> FreshColumns { get; }

    /// <summary>The row (key parameters $1..$k) as JSON and its md5 checksum.</summary>
    public string SelectRow { get; }

    /// <summary>Writes the before-image in the last parameter back over the row with the key in $1..$k.</summary>
    public string Restore { get; }

    /// <summary>Inserts the row given as JSON in $1; returns its key as text.</summary>
    public string Insert { get; }

    public string Delete { get; }

    /// <summary>A tenant's first row as JSON ($1 = the tenant id as text): the template of bodies the harness sends.</summary>
    public string FirstRowOf { get; }

    /// <summary>The keys (as text) of rows where the tenant column or any of <paramref name="columns"/> equals the parameter of the same position.</summary>
    public string KeysWhereAny(IReadOnlyList<string> columns)
    {
        // Compared in the column's own type, so the tenant and foreign key indexes serve it (a ::text cast on the column would scan).
        var conditions = columns.Select((c, i) => $"t.{SqlIdentifier.Quote(c)} = ${i + 1}::{Table.FindColumn(c)?.DataType ?? "text"}");
        var keys = string.Join(", ", KeyColumns.Select(c => $"t.{SqlIdentifier.Quote(c.Name)}::text"));
        return $"SELECT {keys} FROM {SqlIdentifier.Quote(Name.Value)} AS t WHERE {string.Join(" OR ", conditions)}";
    }

    private string KeyMatch(int first) =>
        KeyColumns.Count == 0
            ? "false"
            : string.Join(" AND ", KeyColumns.Select((c, i) => $"t.{SqlIdentifier.Quote(c.Name)} = ${first + i}::{c.DataType}"));
}
