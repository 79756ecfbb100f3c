using Harness.Sql;
using Npgsql;

namespace Harness.Workers;

/// <summary>
/// Drops worker schemas left behind by crashed runs: only schemas named <c>h_&lt;run&gt;_w&lt;n&gt;</c> that carry the
/// harness's marker and were created longer ago than the TTL. Never a schema of the current run, never one whose marker
/// names a process of this host that still runs (<see cref="SchemaMarker.OwnerIsAliveOnThisHost"/>), never anything else.
/// Worker databases (<c>database.isolation: database</c>: <c>h_&lt;run&gt;_w&lt;n&gt;</c> and the run's template
/// <c>h_&lt;run&gt;_tpl</c>) are collected by the same rules with <see cref="CollectDatabasesAsync"/>.
/// </summary>
public sealed class StaleSchemaCollector(TimeSpan timeToLive, TimeProvider? time = null)
{
    private readonly TimeProvider clock = time ?? TimeProvider.System;

    public static TimeSpan DefaultTimeToLive { get; } = TimeSpan.FromHours(6);

    /// <summary>
    /// The shortest TTL a user may ask for without forcing it: a run on another host (whose process cannot be checked) is
    /// never younger than its probes, which take minutes.
    /// </summary>
    public static TimeSpan MinimumTimeToLive { get; } = TimeSpan.FromHours(1);

    /// <summary>Returns the schemas that would be dropped, without dropping anything.</summary>
    public Task<IReadOnlyList<string>> FindStaleAsync(
        NpgsqlConnection connection, RunId? currentRun = null, CancellationToken cancellationToken = default) =>
        FindMarkedAsync(
            connection,
            "SELECT nspname, obj_description(oid, 'pg_namespace') FROM pg_namespace WHERE nspname LIKE 'h\\_%' ORDER BY nspname",
            name => WorkerSchemaName.TryParse(name, out var run, out _) ? run : null,
            currentRun,
            cancellationToken);

    /// <summary>Drops the stale schemas and returns their names.</summary>
    public Task<IReadOnlyList<string>> CollectAsync(
        string adminConnectionString, RunId? currentRun = null, CancellationToken cancellationToken = default) =>
        DropAsync(adminConnectionString, c => FindStaleAsync(c, currentRun, cancellationToken), schema => $"DROP SCHEMA IF EXISTS {SqlIdentifier.Quote(schema)} CASCADE", cancellationToken);

    /// <summary>Returns the stale worker and template databases that would be dropped, without dropping anything.</summary>
    public Task<IReadOnlyList<string>> FindStaleDatabasesAsync(
        NpgsqlConnection connection, RunId? currentRun = null, CancellationToken cancellationToken = default) =>
        FindMarkedAsync(
            connection,
            "SELECT datname, shobj_description(oid, 'pg_database') FROM pg_database WHERE datname LIKE 'h\\_%' ORDER BY datname",
            name => WorkerDatabaseName.TryParse(name, out var run) ? run : null,
            currentRun,
            cancellationToken);

    /// <summary>Drops the stale worker and template databases (ending their sessions) and returns their names.</summary>
    public Task<IReadOnlyList<string>> CollectDatabasesAsync(
        string adminConnectionString, RunId? currentRun = null, CancellationToken cancellationToken = default) =>
        DropAsync(adminConnectionString, c => FindStaleDatabasesAsync(c, currentRun, cancellationToken), database => $"DROP DATABASE IF EXISTS {SqlIdentifier.Quote(database)} WITH (FORCE)", cancellationToken);

    /// <summary>
    /// The objects <paramref name="query"/> lists (name, marker comment) whose name parses as a worker's of another run and
    /// whose marker names that run and is older than the TTL, and whose owner does not run on this host any more.
    /// </summary>
    private async Task<IReadOnlyList<string>> FindMarkedAsync(
        NpgsqlConnection connection, string query, Func<string, RunId?> runOf, RunId? currentRun, CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow() - timeToLive;
        var stale = new List<string>();
        await using var command = new NpgsqlCommand(query, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var name = reader.GetString(0);
            var marker = SchemaMarker.TryParse(reader.IsDBNull(1) ? null : reader.GetString(1));
            if (runOf(name) is { } run
                && marker is not null
                && marker.RunId == run.Value
                && run != currentRun
                && marker.CreatedAt < cutoff
                && !marker.OwnerIsAliveOnThisHost())
            {
                stale.Add(name);
            }
        }

        return stale;
    }

    private static async Task<IReadOnlyList<string>> DropAsync(
        string adminConnectionString, Func<NpgsqlConnection, Task<IReadOnlyList<string>>> find, Func<string, string> drop, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync(cancellationToken);
        var stale = await find(connection);
        foreach (var name in stale)
        {
            await using var command = new NpgsqlCommand(drop(name), connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return stale;
    }
}
