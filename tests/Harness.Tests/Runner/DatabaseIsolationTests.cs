using System.Collections.Concurrent;
using System.Text.Json;
using FluentAssertions;
using Harness.Migrations;
using Harness.Provisioning;
using Harness.Reporting;
using Harness.Runner;
using Harness.Tests.Infrastructure;
using Harness.Workers;

namespace Harness.Tests.Runner;

/// <summary>
/// <c>database.isolation: database</c> end to end, on migrations that name schemas: a template migrated once, one database
/// per worker copied from it, tenant tables found in <c>public</c>, the families clean, everything the run created gone
/// afterwards (roles of its own included, a pre-existing role untouched), or kept with --keep; and the refusal of such
/// migrations under schema isolation, before anything is provisioned.
/// </summary>
public sealed class DatabaseIsolationTests(PostgresFixture postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_workers_copy_a_template_migrated_once_and_the_run_leaves_nothing_but_what_existed_before()
    {
        var app = await SchemaNamingApp.CreateAsync(postgres.AdminConnectionString, Token);
        await app.WriteManifestAsync(databaseIsolation: true, command: true, Token);
        var progress = new Lines();

        var (report, folder) = await RunAsync(app, progress, workers: 2, ["audit", "rls"]);

        (await File.ReadAllLinesAsync(app.CountFile, Token)).Should().Equal([WorkerDatabaseName.TemplateFor(RunId.Parse(report.RunId))],
            "the migration command ran once, against the template database (PGDATABASE)");
        progress.All.Should().ContainSingle(l => l.StartsWith($"migrations applied once in template database h_{report.RunId}_tpl", StringComparison.Ordinal));
        progress.All.Count(l => l.Contains($"copied from h_{report.RunId}_tpl", StringComparison.Ordinal)).Should().Be(2);
        progress.All.Should().Contain(l => l.Contains("2 tenant tables", StringComparison.Ordinal), "teams and projects are found in public");

        report.Scenarios.Should().OnlyContain(s => s.Error == null);
        report.Findings.Should().BeEmpty();
        report.ExitCode.Should().Be(0);
        report.Scenarios.Single(s => s.ScenarioId == "rls").Checks.Should().Contain(c => c.Subject.Contains("projects", StringComparison.Ordinal));
        // Roles are server-wide: other sessions of the shared test server may create theirs while this run migrates.
        report.RolesCreated.Should().Contain(app.AppRole);
        using (var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "report.json"), Token)))
        {
            json.RootElement.GetProperty("rolesCreated").EnumerateArray().Select(e => e.GetString()).Should().Contain(app.AppRole);
        }

        (await CountAsync($"SELECT count(*) FROM pg_database WHERE datname LIKE 'h\\_{report.RunId}\\_%'")).Should().Be(0, "worker and template databases are dropped");
        (await CountAsync($"SELECT count(*) FROM pg_roles WHERE rolname = '{app.AppRole}'")).Should().Be(0, "the role the migrations created is dropped");
        (await CountAsync($"SELECT count(*) FROM pg_roles WHERE rolname = '{app.ExistingRole}'")).Should().Be(1, "a role that existed before the run is never touched");
    }

    [Fact]
    public async Task Keep_keeps_the_marked_worker_and_template_databases_and_the_role()
    {
        var app = await SchemaNamingApp.CreateAsync(postgres.AdminConnectionString, Token);
        await app.WriteManifestAsync(databaseIsolation: true, command: false, Token);

        var (report, _) = await RunAsync(app, new Lines(), workers: 1, ["audit"], keep: true);

        var run = RunId.Parse(report.RunId);
        try
        {
            foreach (var database in new[] { WorkerDatabaseName.For(run, 0), WorkerDatabaseName.TemplateFor(run) })
            {
                var marker = await MarkerAsync(database);
                marker.Should().NotBeNull($"{database} is kept and carries the harness's marker");
                marker!.RunId.Should().Be(report.RunId);
            }

            (await CountAsync($"SELECT count(*) FROM pg_roles WHERE rolname = '{app.AppRole}'")).Should().Be(1);
        }
        finally
        {
            await ExecuteAsync($"DROP DATABASE IF EXISTS {WorkerDatabaseName.For(run, 0)} WITH (FORCE)");
            await ExecuteAsync($"DROP DATABASE IF EXISTS {WorkerDatabaseName.TemplateFor(run)} WITH (FORCE)");
            await ExecuteAsync($"DROP ROLE IF EXISTS {app.AppRole}");
        }
    }

    [Fact]
    public async Task Schema_isolation_refuses_migrations_that_name_schemas_before_provisioning_with_file_and_line()
    {
        var app = await SchemaNamingApp.CreateAsync(postgres.AdminConnectionString, Token);
        await app.WriteManifestAsync(databaseIsolation: false, command: false, Token);
        var options = new RunOptions { ManifestPath = app.Manifest, Scenarios = ["audit"], ReportsRoot = app.Folder };

        var act = () => new RunPipeline(options, new Lines()).RunAsync(new NeverStarted(), Token);

        var refusal = (await act.Should().ThrowAsync<MigrationException>()).Which;
        refusal.Message.Should().Contain($"{Path.Combine(app.MigrationsFolder, "001_auth.sql")}:2: create schema auth;")
            .And.Contain("auth, app_private").And.Contain("set database.isolation: database");
        refusal.Migration.Should().EndWith("001_auth.sql");
    }

    private async Task<(RunReport Report, string Folder)> RunAsync(SchemaNamingApp app, Lines progress, int workers, string[] scenarios, bool keep = false)
    {
        var options = new RunOptions
        {
            ManifestPath = app.Manifest,
            Workers = workers,
            Scenarios = scenarios,
            Keep = keep,
            ReportsRoot = Path.Combine(app.Folder, "reports"),
        };
        return await new RunPipeline(options, progress).RunAsync(new ExternalServerProvider(postgres.AdminConnectionString), Token);
    }

    private async Task<SchemaMarker?> MarkerAsync(string database)
    {
        await using var connection = new Npgsql.NpgsqlConnection(postgres.AdminConnectionString);
        await connection.OpenAsync(Token);
        await using var command = new Npgsql.NpgsqlCommand("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = @d", connection);
        command.Parameters.AddWithValue("d", database);
        return SchemaMarker.TryParse(await command.ExecuteScalarAsync(Token) as string);
    }

    private Task<long> CountAsync(string sql) => SchemaNamingApp.ScalarAsync(postgres.AdminConnectionString, sql, Token);

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(postgres.AdminConnectionString);
        await connection.OpenAsync(Token);
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Token);
    }

    /// <summary>A provider that must not be reached: the run refuses before provisioning.</summary>
    private sealed class NeverStarted : IPostgresProvider
    {
        public string Name => "never";

        public Task<IPostgresServer> StartAsync(CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("the run provisioned a server before refusing the migrations");
    }

    internal sealed class Lines : IProgress<string>
    {
        private readonly ConcurrentQueue<string> lines = new();

        public IEnumerable<string> All => lines;

        public void Report(string value) => lines.Enqueue(value);
    }
}
