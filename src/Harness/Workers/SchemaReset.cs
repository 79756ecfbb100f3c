using Npgsql;
using Respawn;
using Respawn.Graph;

namespace Harness.Workers;

/// <summary>
/// Empties a worker schema's tables between scenarios with a Respawn checkpoint scoped to that schema only,
/// keeping the tables named in <c>keep</c> (global reference data the migrations inserted).
/// Created once per schema (the graph walk is done up front), reset as often as needed.
/// </summary>
public sealed class SchemaReset
{
    private readonly Respawner respawner;
    private readonly string connectionString;

    private SchemaReset(Respawner respawner, string connectionString)
    {
        this.respawner = respawner;
        this.connectionString = connectionString;
    }

    public static async Task<SchemaReset> CreateAsync(
        string adminConnectionString, string schema, IEnumerable<string> keep, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync(cancellationToken);
        var respawner = await Respawner.CreateAsync(connection, new RespawnerOptions
        {
            DbAdapter = DbAdapter.Postgres,
            SchemasToInclude = [schema],
            TablesToIgnore = [.. keep.Select(table => new Table(schema, table))],
        });
        return new SchemaReset(respawner, adminConnectionString);
    }

    /// <summary>The statement Respawn runs; it names only tables of the one schema.</summary>
    public string? DeleteSql => respawner.DeleteSql;

    public async Task ResetAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await respawner.ResetAsync(connection);
    }
}
