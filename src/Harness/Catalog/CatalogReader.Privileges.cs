using Harness.Model;
using Npgsql;

namespace Harness.Catalog;

/// <summary>The privilege side of the catalog: grants on relations, default privileges, and the app role with its memberships.</summary>
public static partial class CatalogReader
{
    private static async Task<Dictionary<TableName, List<GrantInfo>>> ReadGrantsAsync(
        NpgsqlConnection connection, string schema, CancellationToken cancellationToken)
    {
        var result = new Dictionary<TableName, List<GrantInfo>>();
        var rows = await ReadRowsAsync(
            connection, CatalogQueries.Grants, schema,
            r => (Table: new TableName(r.GetString(0)), Grant: new GrantInfo(r.GetString(1), r.GetString(2), r.GetString(3))),
            cancellationToken);
        foreach (var (table, grant) in rows)
        {
            Add(result, table, grant);
        }

        return result;
    }

    private static Task<List<DefaultPrivilegeInfo>> ReadDefaultPrivilegesAsync(
        NpgsqlConnection connection, string schema, CancellationToken cancellationToken) =>
        ReadRowsAsync(
            connection, CatalogQueries.DefaultPrivileges, schema,
            r => new DefaultPrivilegeInfo(r.GetString(0), r.GetBoolean(1), r.GetString(2), r.GetString(3)),
            cancellationToken);

    /// <summary>Runs a catalog query that takes <c>@schema</c> and maps each row.</summary>
    private static async Task<List<T>> ReadRowsAsync<T>(
        NpgsqlConnection connection, string sql, string schema, Func<NpgsqlDataReader, T> map, CancellationToken cancellationToken)
    {
        var result = new List<T>();
        await using var cmd = new NpgsqlCommand(sql, connection);
        cmd.Parameters.AddWithValue("schema", schema);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(map(reader));
        }

        return result;
    }

    private static async Task<RoleInfo?> ReadRoleAsync(NpgsqlConnection connection, string role, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(CatalogQueries.Role, connection);
        cmd.Parameters.AddWithValue("role", role);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new RoleInfo(reader.GetString(0), reader.GetBoolean(1), reader.GetBoolean(2), reader.GetBoolean(3))
            {
                MemberOf = reader.GetFieldValue<string[]>(4),
            }
            : null;
    }
}
