using System.Globalization;
using Harness.Catalog;
using Harness.Ledger;
using Harness.Model;
using Harness.Sql;
using Npgsql;

namespace Harness.Drills.Restore;

/// <summary>
/// Per-tenant writes after the base backup, each its own transaction, journaled with the WAL position and the server time read
/// right after its commit. The tables and columns are chosen from the catalog: an update sets a free text column (in no key,
/// index, foreign key or check) of one of the tenant's rows to a unique marker; an insert copies one of the tenant's rows with
/// a new primary key from its default, when the table has no other unique index. Nothing here knows the target's names.
/// </summary>
internal sealed class JournaledWriter
{
    private readonly TenantTables tables;
    private readonly IReadOnlyList<WritableTable> writable;
    private readonly IReadOnlyList<SeededTenant> tenants;
    private readonly Dictionary<(string Tenant, TableName Table), int> offsets = [];
    private int next;

    public JournaledWriter(TenancyModel model, TenantTables tables, SeedLedger ledger)
    {
        this.tables = tables;
        tenants = ledger.Tenants;
        writable = [.. tables.Keyed(model).Select(t => WritableTable.Of(t, model)).OfType<WritableTable>()];
    }

    public WriteJournal Journal { get; } = new();

    /// <summary>Whether the catalog offered any table the drill can write to generically.</summary>
    public bool CanWrite => writable.Count > 0;

    /// <summary>Commits <paramref name="count"/> writes, one tenant after another (round robin over the seeded tenants).</summary>
    public async Task WriteAsync(NpgsqlConnection connection, int count, CancellationToken cancellationToken)
    {
        var attempts = 0;
        for (var done = 0; done < count && attempts < count * 4 + writable.Count; attempts++)
        {
            var index = next++;
            var tenant = tenants[index % tenants.Count];
            var table = writable[(index / tenants.Count + index) % writable.Count];
            var insert = table.CanInsert && index % 3 == 2;
            var entry = await WriteOneAsync(connection, tenant.TenantId, table, insert, cancellationToken);
            if (entry is not null)
            {
                Journal.Add(entry);
                done++;
            }
        }
    }

    private async Task<JournalEntry?> WriteOneAsync(
        NpgsqlConnection connection, string tenant, WritableTable table, bool insert, CancellationToken cancellationToken)
    {
        var sequence = Journal.Entries.Count + 1;
        var marker = Marker(sequence, table.Column.MaxLength);
        var qualified = tables.Qualified(table.Table);
        var predicate = tables.Predicate(table.Table, tenant);
        var keyList = string.Join(", ", table.Table.PrimaryKey.Select(SqlIdentifier.Quote));
        var keyText = string.Join(", ", table.Table.PrimaryKey.Select(k => $"{SqlIdentifier.Quote(k)}::text"));
        string sql;
        if (insert)
        {
            var copied = table.Table.Columns.Where(c => !c.IsGenerated && !table.Table.PrimaryKey.Contains(c.Name)).ToList();
            var names = string.Join(", ", copied.Select(c => SqlIdentifier.Quote(c.Name)));
            var values = string.Join(", ", copied.Select(c => c.Name == table.Column.Name ? SqlLiteral.Quote(marker) : SqlIdentifier.Quote(c.Name)));
            sql = $"INSERT INTO {qualified} ({names}) SELECT {values} FROM {qualified} WHERE {predicate} LIMIT 1 RETURNING {keyText}";
        }
        else
        {
            var offset = offsets.GetValueOrDefault((tenant, table.Table.Name));
            offsets[(tenant, table.Table.Name)] = offset + 1;
            sql = $"UPDATE {qualified} SET {SqlIdentifier.Quote(table.Column.Name)} = {SqlLiteral.Quote(marker)} "
                + $"WHERE ({keyList}) = (SELECT {keyList} FROM {qualified} WHERE {predicate} ORDER BY {keyList} LIMIT 1 OFFSET {offset.ToString(CultureInfo.InvariantCulture)}) "
                + $"RETURNING {keyText}";
        }

        List<string>? key = null;
        try
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                key = [.. Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetString(i))];
            }
        }
        catch (PostgresException) when (insert)
        {
            // A constraint the catalog did not show (a trigger, an exclusion): this table takes updates only.
            table.CanInsert = false;
            return null;
        }

        if (key is null)
        {
            return null;
        }

        await using var position = new NpgsqlCommand("SELECT pg_current_wal_insert_lsn()::text, clock_timestamp()", connection);
        await using var after = await position.ExecuteReaderAsync(cancellationToken);
        await after.ReadAsync(cancellationToken);
        return new JournalEntry(
            sequence, tenant, table.Table.Name.Value, insert ? JournalWriteKind.Insert : JournalWriteKind.Update,
            table.Table.PrimaryKey, [.. table.Table.PrimaryKey.Select(k => table.Table.FindColumn(k)?.DataType ?? "text")], key, table.Column.Name, marker, after.GetString(0), after.GetFieldValue<DateTimeOffset>(1));
    }

    private static string Marker(int sequence, int? maxLength)
    {
        var marker = string.Create(CultureInfo.InvariantCulture, $"drill-{sequence}-{Guid.NewGuid():N}");
        return maxLength is { } max && max < marker.Length ? marker[..Math.Max(1, max)] : marker;
    }

    /// <summary>A tenant table the drill can write to: a primary key, and a text column it may set freely.</summary>
    private sealed class WritableTable
    {
        private WritableTable(TableInfo table, ColumnInfo column, bool canInsert)
        {
            Table = table;
            Column = column;
            CanInsert = canInsert;
        }

        public TableInfo Table { get; }

        public ColumnInfo Column { get; }

        public bool CanInsert { get; set; }

        public static WritableTable? Of(TableInfo table, TenancyModel model)
        {
            if (table.PrimaryKey.Count == 0 || table.IsPartitioned)
            {
                return null;
            }

            var bound = table.PrimaryKey
                .Concat(table.ForeignKeys.SelectMany(f => f.Columns))
                .Concat(table.Indexes.SelectMany(i => i.Columns))
                .Concat(table.Checks.SelectMany(c => c.Columns))
                .Concat(table.DomainChecks.SelectMany(c => c.Columns))
                .Append(model.TenantColumnOf(table.Name))
                .ToHashSet(StringComparer.Ordinal);
            var column = table.Columns.FirstOrDefault(c =>
                c.TypeName is "text" or "varchar" && c.EnumLabels.Count == 0 && !c.IsGenerated && !bound.Contains(c.Name) && c.MaxLength is null or >= 12);
            if (column is null)
            {
                return null;
            }

            var keyHasDefault = table.PrimaryKey.Count == 1 && table.FindColumn(table.PrimaryKey[0]) is { } key && (key.HasDefault || key.IsIdentity);
            var otherUnique = table.Indexes.Any(i => i.IsUnique && !i.IsPrimary);
            return new WritableTable(table, column, keyHasDefault && !otherUnique && table.Name != model.Root);
        }
    }
}
