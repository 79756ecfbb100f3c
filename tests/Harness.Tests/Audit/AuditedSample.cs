using Harness.Catalog;
using Harness.Migrations;
using Harness.Model;
using Harness.Running;
using Harness.Scenarios.Audit;
using Harness.Tests.Infrastructure;
using Npgsql;

namespace Harness.Tests.Audit;

/// <summary>The sample target's schema, optionally with one planted flaw, its catalog, model and audit result.</summary>
public sealed record AuditedSample(string Schema, TenancyModel Model, CatalogSnapshot Catalog, ScenarioResult Result)
{
    public const string AppRole = "sample_app";

    public static string RepoRoot { get; } = FindRepoRoot();

    public static string SampleFolder => Path.Combine(RepoRoot, "fixtures", "SampleTarget");

    public static string MigrationsFolder => Path.Combine(SampleFolder, "migrations");

    public static string FlawsFolder => Path.Combine(SampleFolder, "flaws");

    public static string FlawFile(string flaw) => Path.Combine(FlawsFolder, flaw + ".sql");

    /// <summary>
    /// Creates a unique schema, applies the sample migrations, then the flaw file and extra SQL if given, reads the
    /// catalog for <paramref name="appRole"/> and runs the audit. The schema is dropped afterwards: the audit needs
    /// only the snapshot.
    /// </summary>
    public static async Task<AuditedSample> CreateAsync(
        PostgresFixture fixture, string? flaw = null, string appRole = AppRole, string? extraSql = null, CancellationToken cancellationToken = default)
    {
        var schema = await fixture.CreateSchemaAsync("audit", cancellationToken);
        try
        {
            await new SqlFolderMigrator(MigrationsFolder).ApplyAsync(fixture.AdminConnectionString, schema, cancellationToken);
            await using var connection = new NpgsqlConnection(fixture.ConnectionStringFor(schema));
            await connection.OpenAsync(cancellationToken);
            if (flaw is not null)
            {
                await SqlFolderMigrator.ApplyFileAsync(connection, FlawFile(flaw), cancellationToken);
            }

            if (extraSql is not null)
            {
                await using var command = new NpgsqlCommand(extraSql, connection);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            var catalog = await CatalogReader.ReadAsync(connection, schema, appRole, cancellationToken);
            var model = ModelFor(catalog, appRole);
            var context = new ScenarioContext(model, catalog, schema, fixture.ConnectionStringFor(schema), null);
            var result = await new CatalogAudit().RunAsync(context, cancellationToken);
            return new AuditedSample(schema, model, catalog, result);
        }
        finally
        {
            await DropSchemaAsync(fixture, schema, cancellationToken);
        }
    }

    /// <summary>The sample's tenancy: company_id, root companies(id), industries global, context app.company_id.</summary>
    public static TenancyModel ModelFor(CatalogSnapshot catalog, string appRole) =>
        IntrospectedModel.For(catalog, "company_id", new TableName("companies"), "app.company_id", appRole, new TableName("industries"));

    private static async Task DropSchemaAsync(PostgresFixture fixture, string schema, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(fixture.AdminConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string FindRepoRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Harness.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"Harness.sln not found in {AppContext.BaseDirectory} or any parent directory.");
    }
}
