using System.Text.Json.Nodes;
using Harness.Model;
using Npgsql;

namespace Harness.Scenarios.Rls;

/// <summary>
/// One existing row per tenant and table, read as the admin, that INSERT probes copy (with fresh keys) so the
/// inserted row satisfies the table's constraints and foreign keys exactly as a real row of that tenant does.
/// </summary>
internal sealed class RowTemplates
{
    private readonly Dictionary<TableName, Dictionary<string, JsonObject>> rows = [];

    public JsonObject? For(TableName table, string tenantId) =>
        rows.TryGetValue(table, out var byTenant) && byTenant.TryGetValue(tenantId, out var row) ? row : null;

    public static async Task<RowTemplates> ReadAsync(
        string adminConnectionString, IEnumerable<TableTarget> tables, CancellationToken cancellationToken)
    {
        var templates = new RowTemplates();
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync(cancellationToken);
        foreach (var table in tables)
        {
            var byTenant = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
            await using var command = new NpgsqlCommand(table.Template, connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                if (JsonNode.Parse(reader.GetString(1)) is JsonObject row)
                {
                    byTenant[reader.GetString(0)] = row;
                }
            }

            templates.rows[table.Name] = byTenant;
        }

        return templates;
    }
}
