using Harness.Runner;
using Harness.Catalog;
using Harness.Manifest;
using Harness.Migrations;
using Harness.Model;
using Npgsql;

namespace Harness.Tests.Infrastructure;

/// <summary>A fresh schema with the sample target's migrations applied (and optionally one planted flaw).</summary>
public sealed record SampleSchema(string Schema, string ConnectionString, CatalogSnapshot Catalog, TenancyModel Model)
{
    public static async Task<SampleSchema> CreateAsync(
        PostgresFixture postgres, string prefix, string? flaw = null, CancellationToken cancellationToken = default)
    {
        var schema = await postgres.CreateSchemaAsync(prefix, cancellationToken);
        await new SqlFolderMigrator(RepositoryPaths.SampleMigrations).ApplyAsync(postgres.AdminConnectionString, schema, cancellationToken);
        var connectionString = postgres.ConnectionStringFor(schema);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        if (flaw is not null)
        {
            await SqlFolderMigrator.ApplyFileAsync(connection, RepositoryPaths.SampleFlaw(flaw), cancellationToken);
        }

        var manifest = await ScenarioRegistry.Default.LoadManifestAsync(RepositoryPaths.SampleManifest, cancellationToken);
        var catalog = await CatalogReader.ReadAsync(connection, schema, manifest.Database.AppRole, cancellationToken);
        return new SampleSchema(schema, connectionString, catalog, TenancyModelResolver.Resolve(manifest, catalog));
    }

    public async Task<long> CountAsync(string sql, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }
}
