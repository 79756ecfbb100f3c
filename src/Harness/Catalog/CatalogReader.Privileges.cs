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
        await using var cmd = new NpgsqlCommand(CatalogQueries.Grants, connection);
        cmd.Parameters.AddWithValue("schema", schema);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            Add(result, new TableName(reader.GetString(0)), new GrantInfo(reader.GetString(1), reader.GetString(2), reader.GetString(3)));
        }

        return result;
    }

    private static async Task<List<DefaultPrivilegeInfo>> ReadDefaultPrivilegesAsync(
        NpgsqlConnection connection, string schema, CancellationToken cancellationToken)
    {
        var result = new List<DefaultPrivilegeInfo>();
        await using var cmd = new NpgsqlCommand(CatalogQueries.DefaultPrivileges, connection);
        cmd.Parameters.AddWithValue("schema", schema);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new DefaultPrivilegeInfo(reader.GetString(0), reader.GetBoolean(1), reader.GetString(2), reader.GetString(3)));
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
