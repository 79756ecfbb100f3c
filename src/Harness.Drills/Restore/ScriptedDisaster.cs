using Harness.Catalog;
using Harness.Model;
using Harness.Sql;
using Npgsql;

namespace Harness.Drills.Restore;

/// <summary>
/// The damage the restore must undo, in one transaction after the recovery target: one tenant's rows deleted (every tenant
/// table, children first), some rows of another tenant re-keyed to a third (foreign keys not enforced for the session, as a
/// careless script would), and a row-level security policy dropped. What it did is kept so the restore can be checked for it.
/// </summary>
internal sealed record ScriptedDisaster(
    string TenantKey,
    string RootTable,
    string RootKey,
    string DeletedTenant,
    long DeletedRows,
    string? RekeyedTable,
    string? RekeyedFrom,
    string? RekeyedTo,
    IReadOnlyList<IReadOnlyList<string>> RekeyedKeys,
    IReadOnlyList<string> RekeyedKeyColumns,
    PolicyInfo? DroppedPolicy,
    string? DroppedPolicyTable)
{
    public static async Task<ScriptedDisaster> StrikeAsync(
        NpgsqlConnection connection, TenancyModel model, CatalogSnapshot catalog, TenantTables tables,
        string victim, string from, string to, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, "SET LOCAL session_replication_role = replica", cancellationToken);
        long deleted = 0;
        foreach (var table in tables.Ordered.Reverse())
        {
            deleted += await ExecuteAsync(connection, $"DELETE FROM {tables.Qualified(table)} WHERE {tables.Predicate(table, victim)}", cancellationToken);
        }

        string? rekeyedTable = null;
        List<IReadOnlyList<string>> rekeyed = [];
        IReadOnlyList<string> keyColumns = [];
        foreach (var table in tables.Keyed(model).Where(t => t.Name != model.Root && t.PrimaryKey.Count > 0).Reverse())
        {
            var keyList = string.Join(", ", table.PrimaryKey.Select(SqlIdentifier.Quote));
            var keyText = string.Join(", ", table.PrimaryKey.Select(k => $"{SqlIdentifier.Quote(k)}::text"));
            var column = table.FindColumn(model.TenantKey)!;
            var sql = $"UPDATE {tables.Qualified(table)} SET {SqlIdentifier.Quote(column.Name)} = {SqlLiteral.Quote(to)}::{column.DataType} "
                + $"WHERE ({keyList}) IN (SELECT {keyList} FROM {tables.Qualified(table)} WHERE {tables.Predicate(table, from)} ORDER BY {keyList} LIMIT 3) "
                + $"RETURNING {keyText}";
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rekeyed.Add([.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetString)]);
            }

            if (rekeyed.Count > 0)
            {
                rekeyedTable = table.Name.Value;
                keyColumns = table.PrimaryKey;
                break;
            }
        }

        var policy = tables.Ordered.SelectMany(t => t.Policies.Select(p => (Table: t, Policy: p))).FirstOrDefault();
        if (policy.Policy is not null)
        {
            await ExecuteAsync(connection, $"DROP POLICY {SqlIdentifier.Quote(policy.Policy.Name)} ON {tables.Qualified(policy.Table)}", cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new ScriptedDisaster(
            model.TenantKey, model.Root.Value, model.RootKey, victim, deleted, rekeyedTable, rekeyedTable is null ? null : from, rekeyedTable is null ? null : to, rekeyed, keyColumns,
            policy.Policy, policy.Table?.Name.Value);
    }

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
