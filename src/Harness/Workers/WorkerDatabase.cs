using System.Collections.Concurrent;
using Harness.Migrations;
using Harness.Sql;
using Npgsql;

namespace Harness.Workers;

/// <summary>
/// One worker's database (<c>database.isolation: database</c>), or the run's template it is copied from: created with the
/// harness's marker as its comment, dropped on dispose. The template is migrated once; each worker is a
/// <c>CREATE DATABASE ... TEMPLATE</c> of it, so migrations that name schemas (<c>auth.users</c>) keep their names.
/// </summary>
public sealed class WorkerDatabase : IWorker
{
    private readonly string serverConnectionString;
    private readonly ConcurrentDictionary<string, bool> handedOut = new(StringComparer.Ordinal);
    private bool dropped;

    private WorkerDatabase(string serverConnectionString, RunId run, int worker, string name, string schema)
    {
        this.serverConnectionString = serverConnectionString;
        Run = run;
        Worker = worker;
        Name = name;
        Schema = schema;
    }

    public RunId Run { get; }

    /// <summary>The worker's number; -1 for the run's template.</summary>
    public int Worker { get; }

    public bool IsTemplate => Worker < 0;

    public string Name { get; }

    /// <inheritdoc/>
    public string Kind => "database";

    /// <summary>The schema holding the tenant tables (<c>database.schema</c>).</summary>
    public string Schema { get; }

    /// <summary>Null (the database's default) for <c>public</c>; else the tenant schema first, then <c>public</c>.</summary>
    public string? SearchPath => Schema == "public" ? null : $"{Schema},public";

    public bool DropOnDispose { get; set; } = true;

    public string AdminConnectionString => Remember(new NpgsqlConnectionStringBuilder(serverConnectionString)
    {
        Database = Name,
        SearchPath = SearchPath,
    }.ConnectionString);

    public string ConnectionStringFor(string role, string? password) => Remember(new NpgsqlConnectionStringBuilder(serverConnectionString)
    {
        Database = Name,
        Username = role,
        Password = password,
        SearchPath = SearchPath,
    }.ConnectionString);

    /// <summary>Creates the run's empty template database <c>h_&lt;run&gt;_tpl</c>, to be migrated once.</summary>
    public static async Task<WorkerDatabase> CreateTemplateAsync(
        string serverConnectionString, RunId run, string schema, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        var template = new WorkerDatabase(serverConnectionString, run, -1, WorkerDatabaseName.TemplateFor(run), schema);
        await template.CreateAsync(null, time, cancellationToken);
        return template;
    }

    /// <summary>
    /// Creates worker <paramref name="worker"/> as an empty database <c>h_&lt;run&gt;_w&lt;n&gt;</c>, for a family that migrates
    /// its worker to an earlier version than the template's (migration survival).
    /// </summary>
    public static async Task<WorkerDatabase> CreateEmptyAsync(
        string serverConnectionString, RunId run, int worker, string schema, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(worker);
        var database = new WorkerDatabase(serverConnectionString, run, worker, WorkerDatabaseName.For(run, worker), schema);
        await database.CreateAsync(null, time, cancellationToken);
        return database;
    }

    /// <summary>
    /// Creates worker <paramref name="worker"/> as a copy of <paramref name="template"/>. Every pooled connection is closed
    /// first: PostgreSQL refuses to copy a database that has sessions.
    /// </summary>
    public static async Task<WorkerDatabase> CreateFromTemplateAsync(
        WorkerDatabase template, int worker, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentOutOfRangeException.ThrowIfNegative(worker);
        var database = new WorkerDatabase(template.serverConnectionString, template.Run, worker, WorkerDatabaseName.For(template.Run, worker), template.Schema);
        NpgsqlConnection.ClearAllPools();
        await database.CreateAsync(template.Name, time, cancellationToken);
        return database;
    }

    private async Task CreateAsync(string? template, TimeProvider? time, CancellationToken cancellationToken)
    {
        var marker = SchemaMarker.ForThisProcess(Run, (time ?? TimeProvider.System).GetUtcNow());
        await using var connection = new NpgsqlConnection(serverConnectionString);
        await connection.OpenAsync(cancellationToken);
        var create = $"CREATE DATABASE {SqlIdentifier.Quote(Name)}{(template is null ? "" : $" TEMPLATE {SqlIdentifier.Quote(template)}")}";
        try
        {
            // CREATE DATABASE cannot run in a transaction, so the marker is a second statement of its own.
            await using (var command = new NpgsqlCommand(create, connection))
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ObjectInUse && template is not null)
        {
            throw new MigrationException(
                $"could not copy the template database {template} for worker {Worker}: {await SessionsAsync(connection, template, cancellationToken)} "
                + "still connected after the migrations; the migration command must close its connections before it exits.", e)
            {
                Migration = template,
            };
        }

        await using var comment = new NpgsqlCommand($"COMMENT ON DATABASE {SqlIdentifier.Quote(Name)} IS {SqlLiteral.Quote(marker.ToComment())}", connection);
        await comment.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<string> SessionsAsync(NpgsqlConnection connection, string database, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT count(*)::int, string_agg(DISTINCT coalesce(nullif(application_name, ''), usename::text), ', ') FROM pg_stat_activity WHERE datname = @d",
            connection);
        command.Parameters.AddWithValue("d", database);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return $"{reader.GetInt32(0)} session(s) ({(reader.IsDBNull(1) ? "unknown" : reader.GetString(1))})";
    }

    /// <summary>Drops the database, ending its sessions (they are the run's own). Safe to call twice.</summary>
    public async Task DropAsync(CancellationToken cancellationToken = default)
    {
        if (dropped)
        {
            return;
        }

        foreach (var connectionString in handedOut.Keys)
        {
            NpgsqlConnection.ClearPool(new NpgsqlConnection(connectionString));
        }

        await using var connection = new NpgsqlConnection(serverConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {SqlIdentifier.Quote(Name)} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
        dropped = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (DropOnDispose)
        {
            await DropAsync(CancellationToken.None);
        }
    }

    private string Remember(string connectionString)
    {
        handedOut.TryAdd(connectionString, true);
        return connectionString;
    }
}
