using FluentAssertions;
using Harness.Migrations;
using Harness.Tests.Infrastructure;
using Harness.Tests.Workers;
using Npgsql;

namespace Harness.Tests.Migrations;

public sealed class SqlFolderSteppingTests(PostgresFixture postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_file_is_a_step_named_relative_to_the_folder_in_the_order_they_apply()
    {
        var folder = await FolderAsync(
            ("002_b.sql", "SELECT 1;"), ("001_a.sql", "SELECT 1;"), ("003_prisma/migration.sql", "SELECT 1;"), ("notes.txt", "not a migration"));
        var migrator = new SqlFolderMigrator(folder);

        var steps = await migrator.StepsAsync(Token);

        steps.Select(s => s.Version).Should().Equal("001_a.sql", "002_b.sql", "003_prisma/migration.sql");
        steps.Select(s => s.File).Should().Equal(migrator.Files());
        steps.Should().OnlyContain(s => Path.IsPathRooted(s.File!) && File.Exists(s.File));
    }

    [Fact]
    public async Task A_folder_applies_through_a_version_and_then_one_step_at_a_time()
    {
        var folder = await FolderAsync(
            ("001_a.sql", "CREATE TABLE a (id int);"), ("002_b.sql", "CREATE TABLE b (id int);"), ("003_c.sql", "CREATE TABLE c (id int);"));
        var schema = await postgres.CreateSchemaAsync("through", Token);
        var migrator = new SqlFolderMigrator(folder);
        var steps = await migrator.StepsAsync(Token);

        await migrator.ApplyThroughAsync(postgres.AdminConnectionString, schema, steps[1], Token);
        (await TablesAsync(schema)).Should().Be("a,b");

        await migrator.ApplyStepAsync(postgres.AdminConnectionString, schema, steps[2], rowSecurityOff: false, Token);
        (await TablesAsync(schema)).Should().Be("a,b,c");
    }

    [Fact]
    public async Task A_step_that_is_not_in_the_folder_is_refused_with_its_versions()
    {
        var folder = await FolderAsync(("001_a.sql", "SELECT 1;"));
        var schema = await postgres.CreateSchemaAsync("nostep", Token);

        var act = () => new SqlFolderMigrator(folder).ApplyThroughAsync(postgres.AdminConnectionString, schema, new MigrationStep("009_z.sql", null), Token);

        (await act.Should().ThrowAsync<MigrationException>()).Which.Message.Should().Contain("'009_z.sql' is not a migration").And.Contain("001_a.sql");
    }

    [Fact]
    public async Task Row_security_off_makes_an_update_a_policy_would_silently_filter_fail_for_the_tables_owner()
    {
        // The owner is an ordinary role with FORCE ROW LEVEL SECURITY on its table, as many apps migrate: a policy filters
        // its own UPDATE to no rows, silently, unless row_security is off, when PostgreSQL raises instead.
        var schema = await postgres.CreateSchemaAsync("rlsoff", Token);
        var owner = $"{schema}_owner"[..Math.Min(63, schema.Length + 6)];
        var ownerConnection = new NpgsqlConnectionStringBuilder(postgres.AdminConnectionString) { Username = owner, Password = "owner-pw", Pooling = false }.ConnectionString;
        await WorkerSchemaTests.ExecuteAsync(postgres.AdminConnectionString,
            $"CREATE ROLE \"{owner}\" LOGIN PASSWORD 'owner-pw' NOSUPERUSER NOBYPASSRLS; GRANT USAGE, CREATE ON SCHEMA \"{schema}\" TO \"{owner}\"");
        try
        {
            var folder = await FolderAsync(
                ("001_docs.sql", """
                    CREATE TABLE docs (org_id int NOT NULL, body text NOT NULL);
                    ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
                    ALTER TABLE docs FORCE ROW LEVEL SECURITY;
                    CREATE POLICY docs_tenant ON docs USING (org_id = current_setting('app.org_id', true)::int);
                    """),
                ("002_rewrite.sql", "UPDATE docs SET body = 'rewritten';"));
            var migrator = new SqlFolderMigrator(folder);
            var steps = await migrator.StepsAsync(Token);
            await migrator.ApplyThroughAsync(ownerConnection, schema, steps[0], Token);
            await WorkerSchemaTests.ExecuteAsync(postgres.ConnectionStringFor(schema), "INSERT INTO docs VALUES (1, 'one'), (2, 'two')");

            await migrator.ApplyStepAsync(ownerConnection, schema, steps[1], rowSecurityOff: false, Token);
            (await WorkerSchemaTests.ScalarAsync(postgres.ConnectionStringFor(schema), "SELECT count(*) FROM docs WHERE body = 'rewritten'"))
                .Should().Be(0, "with row security on, the policy silently filters the owner's UPDATE to no rows");

            var act = () => migrator.ApplyStepAsync(ownerConnection, schema, steps[1], rowSecurityOff: true, Token);

            (await act.Should().ThrowAsync<MigrationException>()).Which.Message.Should()
                .Contain("002_rewrite.sql").And.Contain("row-level security").And.Contain("42501");
        }
        finally
        {
            await WorkerSchemaTests.ExecuteAsync(postgres.AdminConnectionString,
                $"DROP SCHEMA \"{schema}\" CASCADE; DROP OWNED BY \"{owner}\"; DROP ROLE \"{owner}\"");
        }
    }

    private async Task<string> TablesAsync(string schema)
    {
        await using var connection = new NpgsqlConnection(postgres.AdminConnectionString);
        await connection.OpenAsync(Token);
        await using var command = new NpgsqlCommand("SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables WHERE schemaname = $1", connection);
        command.Parameters.AddWithValue(schema);
        return (string)(await command.ExecuteScalarAsync(Token))!;
    }

    private static async Task<string> FolderAsync(params (string Path, string Sql)[] files)
    {
        var folder = Directory.CreateTempSubdirectory("harness-steps-").FullName;
        foreach (var (path, sql) in files)
        {
            var full = Path.Combine(folder, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            await File.WriteAllTextAsync(full, sql, Token);
        }

        return folder;
    }
}
