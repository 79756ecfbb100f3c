using FluentAssertions;
using Harness.Migrations;
using Harness.Tests.Infrastructure;
using Npgsql;

namespace Harness.Tests.Migrations;

/// <summary>
/// A tiny migration tool in sh (psql underneath): <c>migrate.sh TARGET</c> applies the files of <c>sql/</c> in order up to
/// and including TARGET that are not yet recorded in its <c>applied</c> table, recording each with the session's
/// <c>row_security</c>; <c>migrate.sh --list</c> prints its versions.
/// </summary>
public sealed class SteppedCommandMigratorTests(PostgresFixture postgres)
{
    private const string Tool = """
        set -eu
        if [ "$1" = "--list" ]; then
            printf '\n'
            for file in sql/*.sql; do printf '  %s\n\n' "$file"; done
            exit 0
        fi
        psql -X -q -v ON_ERROR_STOP=1 -c "CREATE TABLE IF NOT EXISTS applied (version text PRIMARY KEY, row_security text NOT NULL, target text NOT NULL)"
        for file in sql/*.sql; do
            if [ "$(psql -X -tA -c "SELECT count(*) FROM applied WHERE version = '$file'")" = 0 ]; then
                psql -X -q -v ON_ERROR_STOP=1 --single-transaction -f "$file" \
                    -c "INSERT INTO applied VALUES ('$file', current_setting('row_security'), '$HARNESS_TARGET')"
            fi
            if [ "$file" = "$1" ]; then
                exit 0
            fi
        done
        echo "no such version: $1" >&2
        exit 4
        """;

    private static readonly string[] Versions = ["sql/001_a.sql", "sql/002_b.sql", "sql/003_c.sql"];

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_listed_version_is_the_target_through_it_and_then_step_by_step_with_row_security_off_in_PGOPTIONS()
    {
        var tool = await ToolAsync();
        var schema = await postgres.CreateSchemaAsync("cmdsteps", Token);
        var migrator = new SteppedCommandMigrator(["sh", "migrate.sh", "{target}"], MigrationVersionSource.Listed(Versions), tool, TimeSpan.FromMinutes(1));
        var steps = await migrator.StepsAsync(Token);

        await migrator.ApplyThroughAsync(postgres.AdminConnectionString, schema, steps[1], Token);
        (await AppliedAsync(schema)).Should().Equal("sql/001_a.sql on sql/002_b.sql", "sql/002_b.sql on sql/002_b.sql");

        await migrator.ApplyStepAsync(postgres.AdminConnectionString, schema, steps[2], rowSecurityOff: true, Token);
        (await AppliedAsync(schema)).Should().Equal(
            "sql/001_a.sql on sql/002_b.sql", "sql/002_b.sql on sql/002_b.sql", "sql/003_c.sql off sql/003_c.sql");
        steps.Select(s => s.File).Should().Equal(Versions.Select(v => Path.Combine(tool, v)), "a version that names a file points at it");
        steps[2].Name.Should().Be("003_c.sql");
    }

    [Fact]
    public async Task A_versions_command_lists_the_steps_blank_lines_ignored_and_a_normal_run_migrates_to_the_last()
    {
        var tool = await ToolAsync();
        var schema = await postgres.CreateSchemaAsync("cmdlist", Token);
        var migrator = new SteppedCommandMigrator(
            ["sh", "-c", "sh migrate.sh \"$0\"", "{target}"], MigrationVersionSource.Printed(["sh", "migrate.sh", "--list"]), tool, TimeSpan.FromMinutes(1));

        (await migrator.StepsAsync(Token)).Select(s => s.Version).Should().Equal(Versions);

        await migrator.ApplyAsync(postgres.AdminConnectionString, schema, Token);
        (await AppliedAsync(schema)).Should().Equal("sql/001_a.sql on sql/003_c.sql", "sql/002_b.sql on sql/003_c.sql", "sql/003_c.sql on sql/003_c.sql");
    }

    [Fact]
    public async Task A_failing_versions_command_is_a_migration_error_with_its_output()
    {
        var tool = await ToolAsync();
        var migrator = new SteppedCommandMigrator(
            ["sh", "migrate.sh", "{target}"], MigrationVersionSource.Printed(["sh", "-c", "echo 'cannot read the history' >&2; exit 2"]), tool, TimeSpan.FromMinutes(1));

        var error = (await FluentActions.Awaiting(() => migrator.StepsAsync(Token)).Should().ThrowAsync<MigrationException>()).Which;

        error.Message.Should().Contain("versions command").And.Contain("exited with code 2");
        error.Output.Should().Contain("cannot read the history");
    }

    [Theory]
    [InlineData("printf '\\n\\n'", "gave no versions")]
    [InlineData("printf 'V1\\nV2\\nV1\\n'", "gave version 'V1' more than once")]
    public async Task Versions_that_cannot_be_stepped_through_are_refused(string printer, string problem)
    {
        var migrator = new SteppedCommandMigrator(["tool", "{target}"], MigrationVersionSource.Printed(["sh", "-c", printer]), Path.GetTempPath(), TimeSpan.FromMinutes(1));

        (await FluentActions.Awaiting(() => migrator.StepsAsync(Token)).Should().ThrowAsync<MigrationException>()).Which.Message.Should().Contain(problem);
    }

    [Fact]
    public void The_target_is_replaced_inside_any_argument_and_a_command_without_it_is_refused()
    {
        var migrator = new SteppedCommandMigrator(["flyway", "-target={target}", "migrate"], MigrationVersionSource.Listed(["1", "2"]), ".", TimeSpan.FromMinutes(1));

        migrator.CommandFor("1.1").Should().Equal("flyway", "-target=1.1", "migrate");
        FluentActions.Invoking(() => new SteppedCommandMigrator(["flyway", "migrate"], MigrationVersionSource.Listed(["1"]), ".", TimeSpan.FromMinutes(1)))
            .Should().Throw<MigrationException>().Which.Message.Should().Contain("has no {target}");
    }

    [Fact]
    public void Row_security_off_reaches_every_form_of_the_connection_next_to_the_search_path()
    {
        var environment = CommandMigrator.EnvironmentFor("Host=127.0.0.1;Port=5999;Username=admin;Password=pw;Database=app", "h_abcdefgh_w0", rowSecurityOff: true);

        environment["PGOPTIONS"].Should().Be("-c search_path=h_abcdefgh_w0 -c row_security=off");
        environment["HARNESS_ROW_SECURITY"].Should().Be("off");
        environment["DATABASE_URL"].Should().EndWith("?options=-c%20search_path%3Dh_abcdefgh_w0%20-c%20row_security%3Doff");
        new NpgsqlConnectionStringBuilder(environment["HARNESS_CONNECTION_STRING"]).Options.Should().Be("-c row_security=off");
        CommandMigrator.EnvironmentFor("Host=127.0.0.1;Database=app", null, rowSecurityOff: true)["PGOPTIONS"].Should().Be("-c row_security=off");
        CommandMigrator.EnvironmentFor("Host=127.0.0.1;Database=app", "s").Should().NotContainKey("HARNESS_ROW_SECURITY");
    }

    private async Task<List<string>> AppliedAsync(string schema)
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionStringFor(schema));
        await connection.OpenAsync(Token);
        await using var command = new NpgsqlCommand("SELECT version || ' ' || row_security || ' ' || target FROM applied ORDER BY version", connection);
        await using var reader = await command.ExecuteReaderAsync(Token);
        var rows = new List<string>();
        while (await reader.ReadAsync(Token))
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    private static async Task<string> ToolAsync()
    {
        var folder = Directory.CreateTempSubdirectory("harness-tool-").FullName;
        Directory.CreateDirectory(Path.Combine(folder, "sql"));
        await File.WriteAllTextAsync(Path.Combine(folder, "migrate.sh"), Tool, Token);
        await File.WriteAllTextAsync(Path.Combine(folder, "sql", "001_a.sql"), "CREATE TABLE a (id int);", Token);
        await File.WriteAllTextAsync(Path.Combine(folder, "sql", "002_b.sql"), "CREATE TABLE b (id int);", Token);
        await File.WriteAllTextAsync(Path.Combine(folder, "sql", "003_c.sql"), "CREATE TABLE c (id int);", Token);
        return folder;
    }
}
