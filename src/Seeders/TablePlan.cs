using Harness.Catalog;
using Harness.Model;
using Harness.Sql;
using NpgsqlTypes;

namespace Harness.Seeders;

/// <summary>Everything decided once per table before loading: the columns written, their wire types, and what is kept of each row.</summary>
internal sealed class TablePlan
{
    public TablePlan(TableInfo table, IReadOnlyList<ColumnPlan> columns, IReadOnlySet<string> keptColumns, SeedOptions options, TableName? key = null)
    {
        Table = table;
        Name = key ?? table.Name;
        Written = [.. columns.Where(c => c is not ColumnPlan.Omitted)];
        Sources = [.. Written.Select(c => c switch
        {
            ColumnPlan.Generated { Constraint: { } constraint } g => ConstrainedValues.For(g.Column, constraint, g.Unique, options.Seed, options.Epoch, Name.Value),
            ColumnPlan.Generated g => ValueGenerator.For(g.Column, g.Unique, options.Seed, options.Epoch, Name.Value),
            ColumnPlan.TenantId t => ValueGenerator.For(t.Column, unique: true, options.Seed, options.Epoch, Name.Value),
            _ => null,
        })];
        WireTypes = [.. Written.Select(c => c is ColumnPlan.Ruled ? null : BinaryColumnTypes.For(c.Column))];
        Kept = [.. Written.Select((c, i) => (c.Column.Name, i)).Where(x => keptColumns.Contains(x.Name))];
        KeyIndexes = [.. table.PrimaryKey.Select(k => Written.FindIndex(c => c.Column.Name == k))];
        SoftDeleteIndexes = [.. Written.Select((c, i) => (c, i)).Where(x => x.c is ColumnPlan.SoftDelete).Select(x => x.i)];
        CopyCommand = $"COPY {table.QualifiedSql} ({string.Join(", ", Written.Select(c => SqlIdentifier.Quote(c.Column.Name)))}) FROM STDIN (FORMAT BINARY)";
    }

    public TableInfo Table { get; }

    /// <summary>The table's key in the seeder and the ledger: its name, or <c>schema.table</c> for a table of another schema.</summary>
    public TableName Name { get; }

    /// <summary>Indexes in <see cref="Written"/> of the soft-delete markers.</summary>
    public int[] SoftDeleteIndexes { get; }

    /// <summary>Foreign keys (by name) whose parent is the fresh row seeded for each row of this table (row i takes parent i).</summary>
    public ISet<string> OwnerForeignKeys { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Whether its triggers read the tenant context setting, so each tenant's rows load with it set.</summary>
    public bool NeedsTenantContext { get; init; }

    /// <summary>Whether it is a table outside the tenant set whose rows the seeder adds for the tenant rows to point at.</summary>
    public bool IsOutsideParent { get; init; }

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
