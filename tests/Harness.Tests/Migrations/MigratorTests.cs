using FluentAssertions;
using Harness.Migrations;
using Harness.Tests.Infrastructure;
using Harness.Tests.Workers;

namespace Harness.Tests.Migrations;

public sealed class MigratorTests(PostgresFixture postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_command_migrator_runs_the_targets_own_script_into_the_worker_schema()
    {
        var schema = await postgres.CreateSchemaAsync("cmd", Token);

        await new CommandMigrator(["sh", "migrate.sh"], RepositoryPaths.SampleTarget, TimeSpan.FromMinutes(1))
            .ApplyAsync(postgres.AdminConnectionString, schema, Token);

        (await WorkerSchemaTests.ScalarAsync(postgres.ConnectionStringFor(schema), "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"))
            .Should().Be(10, "the sample's 10 tables, work_permits and jobs included");
        (await WorkerSchemaTests.ScalarAsync(postgres.AdminConnectionString, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename = 'sites'"))
            .Should().Be(0, "nothing may land outside the worker schema");
    }

    [Fact]
    public async Task A_folder_of_migration_folders_applies_each_folders_files_in_name_order_as_Prisma_lays_them_out()
    {
        var folder = Directory.CreateTempSubdirectory("harness-prisma-layout-").FullName;
        Directory.CreateDirectory(Path.Combine(folder, "20250102000000_second"));
        Directory.CreateDirectory(Path.Combine(folder, "20250101000000_init"));
        await File.WriteAllTextAsync(Path.Combine(folder, "20250101000000_init", "migration.sql"), "CREATE TABLE \"Org\" (id text PRIMARY KEY);", Token);
        await File.WriteAllTextAsync(Path.Combine(folder, "20250102000000_second", "migration.sql"), "ALTER TABLE \"Org\" ADD COLUMN \"createdAt\" timestamp;", Token);
        await File.WriteAllTextAsync(Path.Combine(folder, "migration_lock.toml"), "provider = \"postgresql\"", Token);
        var schema = await postgres.CreateSchemaAsync("prisma", Token);
        var migrator = new SqlFolderMigrator(folder);

        await migrator.ApplyAsync(postgres.AdminConnectionString, schema, Token);

        migrator.Files().Select(f => Path.GetRelativePath(folder, f)).Should().Equal(
            Path.Combine("20250101000000_init", "migration.sql"), Path.Combine("20250102000000_second", "migration.sql"));
        (await WorkerSchemaTests.ScalarAsync(postgres.ConnectionStringFor(schema), "SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'Org'"))
            .Should().Be(2);
    }

    [Fact]
    public async Task A_failing_command_reports_its_exit_code_and_last_output()
    {
        var schema = await postgres.CreateSchemaAsync("cmdfail", Token);
        var migrator = new CommandMigrator(["sh", "-c", "echo applying 001; echo 'boom: relation missing' >&2; exit 3"], RepositoryPaths.Root, TimeSpan.FromMinutes(1));

        var act = () => migrator.ApplyAsync(postgres.AdminConnectionString, schema, Token);

        (await act.Should().ThrowAsync<MigrationException>()).Which.Message.Should()
            .Contain("exited with code 3").And.Contain("boom: relation missing");
    }

    [Fact]
    public async Task A_broken_sql_file_is_named_with_the_databases_error()
    {
        var folder = Directory.CreateTempSubdirectory("harness-migrations-");
        await File.WriteAllTextAsync(Path.Combine(folder.FullName, "001_ok.sql"), "CREATE TABLE a (id int);", Token);
        await File.WriteAllTextAsync(Path.Combine(folder.FullName, "002_bad.sql"), "CREATE TABLE b (id nosuchtype);", Token);
        var schema = await postgres.CreateSchemaAsync("sqlfail", Token);

        var act = () => new SqlFolderMigrator(folder.FullName).ApplyAsync(postgres.AdminConnectionString, schema, Token);

        (await act.Should().ThrowAsync<MigrationException>()).Which.Message.Should()
            .Contain("002_bad.sql").And.Contain("type \"nosuchtype\" does not exist").And.Contain("42704");
        folder.Delete(recursive: true);
    }

    [Fact]
    public void The_command_gets_the_connection_in_the_variables_common_tools_read()
    {
        var environment = CommandMigrator.EnvironmentFor("Host=127.0.0.1;Port=5999;Username=admin;Password=p@ss;Database=app", "h_abcdefgh_w0");

        environment["DATABASE_URL"].Should().Be("postgresql://admin:p%40ss@127.0.0.1:5999/app?options=-c%20search_path%3Dh_abcdefgh_w0");
        environment["PGOPTIONS"].Should().Be("-c search_path=h_abcdefgh_w0");
        environment["PGPASSWORD"].Should().Be("p@ss");
        environment["HARNESS_SCHEMA"].Should().Be("h_abcdefgh_w0");
    }
}
