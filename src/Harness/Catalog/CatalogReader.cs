using System.Text.RegularExpressions;
using Harness.Model;
using Npgsql;

namespace Harness.Catalog;

/// <summary>Reads a <see cref="CatalogSnapshot"/> of one schema. Read-only: it only queries system catalogs.</summary>
public static partial class CatalogReader
{
    public static async Task<CatalogSnapshot> ReadAsync(
        NpgsqlConnection connection, string schema, string? appRole, CancellationToken cancellationToken = default)
    {
        var columns = await ReadColumnsAsync(connection, schema, cancellationToken);
        var primaryKeys = await ReadPrimaryKeysAsync(connection, schema, cancellationToken);
        var foreignKeys = await ReadForeignKeysAsync(connection, schema, cancellationToken);
        var indexes = await ReadIndexesAsync(connection, schema, cancellationToken);
        var policies = await ReadPoliciesAsync(connection, schema, cancellationToken);
        var grants = await ReadGrantsAsync(connection, schema, cancellationToken);
        var checks = await ReadChecksAsync(connection, schema, cancellationToken);
        var domainChecks = await ReadDomainChecksAsync(connection, schema, cancellationToken);
        var triggers = await ReadTriggersAsync(connection, schema, cancellationToken);
        var tables = new List<TableInfo>();
        await using (var cmd = new NpgsqlCommand(CatalogQueries.Tables, connection))
        {
            cmd.Parameters.AddWithValue("schema", schema);
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var name = new TableName(reader.GetString(0));
                tables.Add(new TableInfo(
                    name,
                    reader.GetString(1),
                    reader.GetBoolean(2),
                    reader.GetBoolean(3),
                    columns.GetValueOrDefault(name, []),
                    primaryKeys.GetValueOrDefault(name, []),
                    foreignKeys.GetValueOrDefault(name, []),
                    indexes.GetValueOrDefault(name, []),
                    policies.GetValueOrDefault(name, []))
                {
                    OwnerRole = reader.IsDBNull(4)
                        ? null
                        : new RoleInfo(reader.GetString(1), reader.GetBoolean(5), reader.GetBoolean(6), reader.GetBoolean(4)),
                    Grants = grants.GetValueOrDefault(name, []),
                    Checks = checks.GetValueOrDefault(name, []),
                    DomainChecks = domainChecks.GetValueOrDefault(name, []),
                    Triggers = triggers.GetValueOrDefault(name, []),
                    IsPartitioned = reader.GetBoolean(7),
                    PartitionOf = reader.IsDBNull(8) ? null : new TableName(reader.GetString(8)),
                });
            }
        }

        var tableNames = tables.Select(t => t.Name).ToList();
        var functions = await ReadFunctionsAsync(connection, CatalogQueries.Functions, schema, appRole, tableNames, cancellationToken);
        var otherFunctions = await ReadFunctionsAsync(connection, CatalogQueries.OtherSchemaFunctions, schema, appRole, tableNames, cancellationToken);
        var views = await ReadViewsAsync(connection, schema, appRole, grants, cancellationToken);
        var role = appRole is null ? null : await ReadRoleAsync(connection, appRole, cancellationToken);
        var defaultPrivileges = await ReadDefaultPrivilegesAsync(connection, schema, cancellationToken);
        var referenced = await ReadReferencedTablesAsync(connection, schema, foreignKeys.Values.SelectMany(f => f), cancellationToken);
        return new CatalogSnapshot(schema, tables, functions, views, role)
        {
            DefaultPrivileges = defaultPrivileges,
            ReferencedTables = referenced,
            OtherSchemaFunctions = otherFunctions,
            AppRoleHasSchemaUsage = role is null ? null : await HasSchemaUsageAsync(connection, role.Name, schema, cancellationToken),
        };
    }

    /// <summary>Whether <paramref name="role"/> may use <paramref name="schema"/> (has_schema_privilege, memberships included).</summary>
    public static async Task<bool> HasSchemaUsageAsync(NpgsqlConnection connection, string role, string schema, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var cmd = new NpgsqlCommand("SELECT has_schema_privilege(@role::text, @schema::text, 'USAGE')", connection);
        cmd.Parameters.AddWithValue("role", role);
        cmd.Parameters.AddWithValue("schema", schema);
        return (bool)(await cmd.ExecuteScalarAsync(cancellationToken))!;
    }

    internal static async Task<Dictionary<TableName, List<ColumnInfo>>> ReadColumnsAsync(
        NpgsqlConnection connection, string schema, CancellationToken cancellationToken)
    {
        var result = new Dictionary<TableName, List<ColumnInfo>>();
        await using var cmd = new NpgsqlCommand(CatalogQueries.Columns, connection);
        cmd.Parameters.AddWithValue("schema", schema);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var table = new TableName(reader.GetString(0));
            var column = new ColumnInfo(
                Name: reader.GetString(1),
                Ordinal: reader.GetInt16(2),
                DataType: reader.GetString(3),
                TypeName: reader.GetString(4),
                NotNull: reader.GetBoolean(5),
                HasDefault: reader.GetBoolean(6),
                IsIdentity: reader.GetBoolean(7),
                IsGenerated: reader.GetBoolean(8),
                EnumLabels: reader.IsDBNull(9) ? [] : reader.GetFieldValue<string[]>(9),
                MaxLength: reader.IsDBNull(10) ? null : reader.GetInt32(10));
            Add(result, table, column);
        }

        return result;
    }

    internal static async Task<Dictionary<TableName, List<string>>> ReadPrimaryKeysAsync(
        NpgsqlConnection connection, string schema, CancellationToken cancellationToken)
    {
        var result = new Dictionary<TableName, List<string>>();
        await using var cmd = new NpgsqlCommand(CatalogQueries.PrimaryKeys, connection);
        cmd.Parameters.AddWithValue("schema", schema);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result[new TableName(reader.GetString(0))] = [.. reader.GetFieldValue<string[]>(1)];
        }

        return result;
    }

    internal static async Task<Dictionary<TableName, List<ForeignKeyInfo>>> ReadForeignKeysAsync(
        NpgsqlConnection connection, string schema, CancellationToken cancellationToken)
    {
        var result = new Dictionary<TableName, List<ForeignKeyInfo>>();
        await using var cmd = new NpgsqlCommand(CatalogQueries.ForeignKeys, connection);
        cmd.Parameters.AddWithValue("schema", schema);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            Add(result, new TableName(reader.GetString(0)), new ForeignKeyInfo(
                reader.GetString(1),
                reader.GetFieldValue<string[]>(2),
                new TableName(reader.GetString(3)),
                reader.GetFieldValue<string[]>(4))
            {
                ReferencedSchema = reader.GetString(5),
            });
        }

        return result;
    }

    internal static async Task<Dictionary<TableName, List<IndexInfo>>> ReadIndexesAsync(
        NpgsqlConnection connection, string schema, CancellationToken cancellationToken)
    {
        var result = new Dictionary<TableName, List<IndexInfo>>();
        await using var cmd = new NpgsqlCommand(CatalogQueries.Indexes, connection);
        cmd.Parameters.AddWithValue("schema", schema);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            Add(result, new TableName(reader.GetString(0)), new IndexInfo(
                reader.GetString(1),
                reader.GetFieldValue<string[]>(2),
                reader.GetBoolean(3),
                reader.GetBoolean(4))
            {
                IsConstraint = reader.GetBoolean(5),
            });
        }

        return result;
    }

    private static async Task<Dictionary<TableName, List<PolicyInfo>>> ReadPoliciesAsync(
        NpgsqlConnection connection, string schema, CancellationToken cancellationToken)
    {
        var result = new Dictionary<TableName, List<PolicyInfo>>();
        await using var cmd = new NpgsqlCommand(CatalogQueries.Policies, connection);
        cmd.Parameters.AddWithValue("schema", schema);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            Add(result, new TableName(reader.GetString(0)), new PolicyInfo(
                reader.GetString(1),
                reader.GetString(2),
                reader.GetBoolean(3),
                reader.GetFieldValue<string[]>(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6)));
        }

        return result;
    }

    internal static async Task<Dictionary<TableName, List<CheckInfo>>> ReadChecksAsync(
        NpgsqlConnection connection, string schema, CancellationToken cancellationToken)
    {
        var result = new Dictionary<TableName, List<CheckInfo>>();
        var rows = await ReadRowsAsync(
            connection, CatalogQueries.Checks, schema,
            r => (Table: new TableName(r.GetString(0)), Check: new CheckInfo(r.GetString(1), r.GetFieldValue<string[]>(2), r.GetString(3))),
            cancellationToken);
        foreach (var (table, check) in rows)
        {
            Add(result, table, check);
        }

        return result;
    }

    private static async Task<List<FunctionInfo>> ReadFunctionsAsync(
        NpgsqlConnection connection, string query, string schema, string? appRole, IReadOnlyList<TableName> tables,
        CancellationToken cancellationToken)
    {
        var result = new List<FunctionInfo>();
        await using var cmd = new NpgsqlCommand(query, connection);
        cmd.Parameters.AddWithValue("schema", schema);
        cmd.Parameters.AddWithValue("role", (object?)appRole ?? DBNull.Value);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var source = reader.GetString(5);
            result.Add(new FunctionInfo(
                Name: reader.GetString(0),
                Signature: reader.GetString(1),
                Owner: reader.GetString(2),
                Language: reader.GetString(3),
                SecurityDefiner: reader.GetBoolean(4),
                Source: source,
                ReferencedTables: TablesNamedIn(source, schema, tables),
                AppRoleCanExecute: reader.GetBoolean(6))
            {
                Schema = reader.GetString(7),
                ParameterNames = reader.GetFieldValue<string[]>(8),
            });
        }

        return result;
    }

    private static async Task<List<ViewInfo>> ReadViewsAsync(
        NpgsqlConnection connection, string schema, string? appRole, Dictionary<TableName, List<GrantInfo>> grants,
        CancellationToken cancellationToken)
    {
        var result = new List<ViewInfo>();
        await using var cmd = new NpgsqlCommand(CatalogQueries.Views, connection);
        cmd.Parameters.AddWithValue("schema", schema);
        cmd.Parameters.AddWithValue("role", (object?)appRole ?? DBNull.Value);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var name = new TableName(reader.GetString(0));
            result.Add(new ViewInfo(
                name,
                reader.GetString(1),
                reader.GetBoolean(2),
                [.. reader.GetFieldValue<string[]>(3).Select(t => new TableName(t))],
                reader.GetBoolean(4))
            {
                Materialized = reader.GetBoolean(5),
                Grants = grants.GetValueOrDefault(name, []),
            });
        }

        return result;
    }

    /// <summary>Tables whose name appears as a whole word (optionally schema-qualified) in a function body.</summary>
    internal static List<TableName> TablesNamedIn(string source, string schema, IReadOnlyList<TableName> tables) =>
        [.. tables.Where(t => Regex.IsMatch(
            source,
            $@"(?<![\w$""])(?:(?:{Regex.Escape(schema)}|""{Regex.Escape(schema)}"")\.)?""?{Regex.Escape(t.Value)}""?(?![\w$])",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant))];

    private static void Add<TKey, TValue>(Dictionary<TKey, List<TValue>> map, TKey key, TValue value)
        where TKey : notnull
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = [];
        }

        list.Add(value);
    }
}
