using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Harness.Model;
using Npgsql;

namespace Harness.Scenarios.Idor;

/// <summary>A row's state as the admin sees it: its JSON and the md5 of the whole row, or missing.</summary>
internal sealed record RowImage(JsonObject? Row, string? Checksum)
{
    public bool Exists => Row is not null;
}

/// <summary>
/// The admin's view of the data the probes aim at (the database, not the app, says whether a write went through):
/// rows by key with checksums, restores from before-images, copies with fresh keys, and key sets for creates.
/// </summary>
internal sealed class AdminRows(NpgsqlDataSource admin, IReadOnlyDictionary<TableName, TableShape> tables)
{
    private readonly ConcurrentDictionary<(TableName, string), Task<RowImage>> cached = new();

    public TableShape Shape(TableName table) => tables[table];

    /// <summary>The row as seeded (read once and cached: for building requests, never for before/after checks).</summary>
    public Task<RowImage> SeededAsync(TableName table, IReadOnlyList<string> key, CancellationToken cancellationToken) =>
        cached.GetOrAdd((table, string.Join('\u001f', key)), _ => ReadAsync(table, key, cancellationToken));

    public async Task<RowImage> ReadAsync(TableName table, IReadOnlyList<string> key, CancellationToken cancellationToken)
    {
        var shape = tables[table];
        await using var command = admin.CreateCommand(shape.SelectRow);
        foreach (var value in key)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new RowImage(JsonNode.Parse(reader.GetString(0)) as JsonObject, reader.GetString(1))
            : new RowImage(null, null);
    }

    /// <summary>Puts the before-image back: over the row when it still exists, as a new row when the app deleted it.</summary>
    public async Task RestoreAsync(TableName table, IReadOnlyList<string> key, JsonObject before, bool exists, CancellationToken cancellationToken)
    {
        var shape = tables[table];
        await using var command = admin.CreateCommand(exists ? shape.Restore : shape.Insert);
        if (exists)
        {
            foreach (var value in key)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = value });
            }
        }

        command.Parameters.Add(new NpgsqlParameter { Value = before.ToJsonString(), DataTypeName = "text" });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Inserts <paramref name="row"/> (fresh keys already set) and returns its key.</summary>
    public async Task<IReadOnlyList<string>> InsertAsync(TableName table, JsonObject row, CancellationToken cancellationToken)
    {
        await using var command = admin.CreateCommand(tables[table].Insert);
        command.Parameters.Add(new NpgsqlParameter { Value = row.ToJsonString(), DataTypeName = "text" });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return [.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetString)];
    }

    public async Task DeleteAsync(TableName table, IReadOnlyList<string> key, CancellationToken cancellationToken)
    {
        await using var command = admin.CreateCommand(tables[table].Delete);
        foreach (var value in key)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>A tenant's first row of <paramref name="table"/> as JSON, or null when it has none.</summary>
    public async Task<JsonObject?> FirstRowOfAsync(TableName table, string tenantId, CancellationToken cancellationToken)
    {
        await using var command = admin.CreateCommand(tables[table].FirstRowOf);
        command.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        return await command.ExecuteScalarAsync(cancellationToken) is string json ? JsonNode.Parse(json) as JsonObject : null;
    }

    /// <summary>Deletes the rows matching <paramref name="conditions"/> now whose keys were not in <paramref name="before"/> (rows a probe made appear); returns how many.</summary>
    public async Task<int> RemoveNewAsync(
        TableName table, IReadOnlyList<(string Column, string Value)> conditions, IReadOnlySet<string> before, CancellationToken cancellationToken)
    {
        var created = (await KeysWhereAnyAsync(table, conditions, cancellationToken)).Except(before).ToList();
        foreach (var key in created)
        {
            await DeleteAsync(table, key.Split('\u001f'), CancellationToken.None);
        }

        return created.Count;
    }

    /// <summary>The keys of rows of <paramref name="table"/> whose column i equals values[i] for any i.</summary>
    public async Task<HashSet<string>> KeysWhereAnyAsync(
        TableName table, IReadOnlyList<(string Column, string Value)> conditions, CancellationToken cancellationToken)
    {
        var shape = tables[table];
        await using var command = admin.CreateCommand(shape.KeysWhereAny([.. conditions.Select(c => c.Column)]));
        foreach (var (_, value) in conditions)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        var keys = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(string.Join('\u001f', Enumerable.Range(0, reader.FieldCount).Select(reader.GetString)));
        }

        return keys;
    }
}
