using Harness.Sql;
using Npgsql;

namespace Harness.Workers;

/// <summary>
/// One worker's schema, created with the harness's marker and dropped on dispose.
/// Connection strings handed out carry <c>Search Path</c> set to it, so the target's objects land there.
/// </summary>
public sealed class WorkerSchema : IWorker
{
    private readonly string adminConnectionString;
    private bool dropped;

    private WorkerSchema(string adminConnectionString, RunId run, int worker)
    {
        this.adminConnectionString = adminConnectionString;
        Run = run;
        Worker = worker;
        Name = WorkerSchemaName.For(run, worker);
    }

    public RunId Run { get; }

    public int Worker { get; }

    public string Name { get; }

    /// <inheritdoc/>
    public string Kind => "schema";

    /// <summary>The worker schema itself holds the tenant tables.</summary>
    public string Schema => Name;

    /// <summary>The worker schema: connection strings set it as the only search path.</summary>
    public string? SearchPath => Name;

    /// <summary>When true (the default), dispose drops the schema; set false to keep it for inspection (--keep).</summary>
    public bool DropOnDispose { get; set; } = true;

    /// <summary>The admin connection string with its search path set to this schema.</summary>
    public string AdminConnectionString =>
        new NpgsqlConnectionStringBuilder(adminConnectionString) { SearchPath = Name }.ConnectionString;

    /// <summary>A connection string for <paramref name="role"/> with this schema's search path, on the same server.</summary>
    public string ConnectionStringFor(string role, string? password) =>
        new NpgsqlConnectionStringBuilder(adminConnectionString)
        {
            Username = role,
            Password = password,
            SearchPath = Name,
        }.ConnectionString;

    public static async Task<WorkerSchema> CreateAsync(
        string adminConnectionString, RunId run, int worker, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        var schema = new WorkerSchema(adminConnectionString, run, worker);
        var marker = SchemaMarker.ForThisProcess(run, (time ?? TimeProvider.System).GetUtcNow());
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand($"CREATE SCHEMA {SqlIdentifier.Quote(schema.Name)}"),
                new NpgsqlBatchCommand($"COMMENT ON SCHEMA {SqlIdentifier.Quote(schema.Name)} IS {SqlLiteral.Quote(marker.ToComment())}"),
            },
        };
        await batch.ExecuteNonQueryAsync(cancellationToken);
        return schema;
    }

    /// <summary>Drops the schema and everything in it. Safe to call twice.</summary>
    public async Task DropAsync(CancellationToken cancellationToken = default)
    {
        if (dropped)
        {
            return;
        }

        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {SqlIdentifier.Quote(Name)} CASCADE", connection);
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
}
