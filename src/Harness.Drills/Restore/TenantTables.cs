using Harness.Catalog;
using Harness.Model;
using Harness.Sql;
using Npgsql;

namespace Harness.Drills.Restore;

/// <summary>
/// The tables that hold a tenant's rows, parents before children (foreign-key order), each with the SQL condition that selects
/// one tenant's rows: the tenant key (the root's own key) or, for a table without it, the foreign key to a tenant table.
/// Partitions are left out: their rows are read and written through the partitioned parent.
/// </summary>
internal sealed class TenantTables
{
    private readonly Dictionary<TableName, Func<string, string>> predicates = [];
    private readonly Dictionary<TableName, string> childDigests = [];

    private TenantTables(
        string schema, IReadOnlyList<TableInfo> ordered, Dictionary<TableName, Func<string, string>> predicates, Dictionary<TableName, string> childDigests)
    {
        Schema = schema;
        Ordered = ordered;
        this.predicates = predicates;
        this.childDigests = childDigests;
    }

    public string Schema { get; }

    /// <summary>Parents first; a cycle of foreign keys is broken by name order.</summary>
    public IReadOnlyList<TableInfo> Ordered { get; }

    /// <summary>The tables that carry the tenant key themselves (the root included).</summary>
    public IEnumerable<TableInfo> Keyed(TenancyModel model) => Ordered.Where(t => t.FindColumn(model.TenantColumnOf(t.Name)) is not null);

    public static TenantTables Of(TenancyModel model, CatalogSnapshot catalog)
    {
        var predicates = new Dictionary<TableName, Func<string, string>>();
        var childDigests = new Dictionary<TableName, string>();
        var tables = new List<TableInfo>();
        foreach (var name in model.TenantTables)
        {
            if (catalog.FindTable(name) is not { PartitionOf: null } table)
            {
                continue;
            }

            var column = table.FindColumn(model.TenantColumnOf(name));
            if (column is null)
            {
                continue;
            }

            tables.Add(table);
            predicates[name] = tenant => $"{SqlIdentifier.Quote(column.Name)} = {SqlLiteral.Quote(tenant)}::{column.DataType}";
        }

        // Tables without the tenant key whose rows belong to a tenant through a foreign key to a tenant table (one level).
        foreach (var table in catalog.Tables.ToList().Where(t => t.PartitionOf is null && !predicates.ContainsKey(t.Name) && !model.GlobalTables.Contains(t.Name)))
        {
            var foreignKey = table.ForeignKeys.FirstOrDefault(f =>
                (f.ReferencedSchema is null || f.ReferencedSchema == catalog.Schema) && predicates.ContainsKey(f.ReferencedTable));
            if (foreignKey is null)
            {
                continue;
            }

            var parent = foreignKey.ReferencedTable;
            var parentPredicate = predicates[parent];
            var columns = string.Join(", ", foreignKey.Columns.Select(SqlIdentifier.Quote));
            var referenced = string.Join(", ", foreignKey.ReferencedColumns.Select(SqlIdentifier.Quote));
            tables.Add(table);
            predicates[table.Name] = tenant =>
                $"({columns}) IN (SELECT {referenced} FROM {SqlIdentifier.Quote(catalog.Schema, parent.Value)} WHERE {parentPredicate(tenant)})";
            var parentKey = SqlIdentifier.Quote(model.TenantColumnOf(parent));
            var join = string.Join(" AND ", foreignKey.Columns.Select((c, i) => $"c.{SqlIdentifier.Quote(c)} = p.{SqlIdentifier.Quote(foreignKey.ReferencedColumns[i])}"));
            childDigests[table.Name] =
                $"SELECT p.{parentKey}::text, count(*), sum(hashtextextended(c::text, 0)) FROM {SqlIdentifier.Quote(catalog.Schema, table.Name.Value)} c "
                + $"JOIN {SqlIdentifier.Quote(catalog.Schema, parent.Value)} p ON {join} GROUP BY 1";
        }

        return new TenantTables(catalog.Schema, Order(tables), predicates, childDigests);
    }

    /// <summary>
    /// Per tenant, the row count and an order-independent hash of the tables without the tenant key (which a snapshot does not
    /// digest): keyed by "table tenant".
    /// </summary>
    public async Task<IReadOnlyDictionary<(string Table, string Tenant), (long Rows, decimal Hash)>> ChildDigestsAsync(
        string connectionString, CancellationToken cancellationToken)
    {
        var digests = new Dictionary<(string, string), (long, decimal)>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        foreach (var (table, sql) in childDigests)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                digests[(table.Value, reader.GetString(0))] = (reader.GetInt64(1), reader.GetDecimal(2));
            }
        }

        return digests;
    }

    /// <summary>The condition selecting <paramref name="tenant"/>'s rows of <paramref name="table"/>.</summary>
    public string Predicate(TableInfo table, string tenant) => predicates[table.Name](tenant);

    public string Qualified(TableInfo table) => SqlIdentifier.Quote(Schema, table.Name.Value);

    private static List<TableInfo> Order(List<TableInfo> tables)
    {
        var names = tables.Select(t => t.Name).ToHashSet();
        var ordered = new List<TableInfo>();
        var placed = new HashSet<TableName>();
        var pending = tables.OrderBy(t => t.Name.Value, StringComparer.Ordinal).ToList();
        while (pending.Count > 0)
        {
            var ready = pending.FirstOrDefault(t => t.ForeignKeys.All(f => f.ReferencedTable == t.Name || !names.Contains(f.ReferencedTable) || placed.Contains(f.ReferencedTable)))
                ?? pending[0];
            ordered.Add(ready);
            placed.Add(ready.Name);
            pending.Remove(ready);
        }

        return ordered;
    }
}
