using Harness.Catalog;
using Harness.Model;
using Harness.Sql;
using NpgsqlTypes;

namespace Harness.Seeders;

/// <summary>Everything decided once per table before loading: the columns written, their wire types, and what is kept of each row.</summary>
internal sealed class TablePlan
{
    public TablePlan(TableInfo table, IReadOnlyList<ColumnPlan> columns, IReadOnlySet<string> keptColumns, SeedOptions options)
    {
        Table = table;
        Written = [.. columns.Where(c => c is not ColumnPlan.Omitted)];
        Sources = [.. Written.Select(c => c switch
        {
            ColumnPlan.Generated g => ValueGenerator.For(g.Column, g.Unique, options.Seed, options.Epoch),
            ColumnPlan.TenantId t => ValueGenerator.For(t.Column, unique: true, options.Seed, options.Epoch),
            _ => null,
        })];
        WireTypes = [.. Written.Select(c => c is ColumnPlan.Ruled ? null : BinaryColumnTypes.For(c.Column))];
        Kept = [.. Written.Select((c, i) => (c.Column.Name, i)).Where(x => keptColumns.Contains(x.Name))];
        KeyIndexes = [.. table.PrimaryKey.Select(k => Written.FindIndex(c => c.Column.Name == k))];
        CopyCommand = $"COPY {table.Name.Quoted} ({string.Join(", ", Written.Select(c => SqlIdentifier.Quote(c.Column.Name)))}) FROM STDIN (FORMAT BINARY)";
    }

    public TableInfo Table { get; }

    public TableName Name => Table.Name;

    /// <summary>The columns in the COPY, in order.</summary>
    public List<ColumnPlan> Written { get; }

    /// <summary>The value source per written column that is generated (null for the others).</summary>
    public ValueGenerator.Source?[] Sources { get; }

    /// <summary>The binary wire type per written column (null: infer from the value).</summary>
    public NpgsqlDbType?[] WireTypes { get; }

    /// <summary>Columns kept in memory for children's foreign keys: (name, index in <see cref="Written"/>).</summary>
    public (string Name, int Index)[] Kept { get; }

    /// <summary>Index in <see cref="Written"/> of each primary-key column (-1 when the database fills it).</summary>
    public int[] KeyIndexes { get; }

    public string CopyCommand { get; }

    /// <summary>The columns other tables' foreign keys point at, per referenced table.</summary>
    public static Dictionary<TableName, HashSet<string>> ReferencedColumns(IEnumerable<TableInfo> tables)
    {
        var referenced = new Dictionary<TableName, HashSet<string>>();
        foreach (var fk in tables.SelectMany(t => t.ForeignKeys))
        {
            if (!referenced.TryGetValue(fk.ReferencedTable, out var set))
            {
                referenced[fk.ReferencedTable] = set = [];
            }

            set.UnionWith(fk.ReferencedColumns);
        }

        return referenced;
    }
}
