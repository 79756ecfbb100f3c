using FluentAssertions;
using Harness.Migrations;
using Harness.Tests.Infrastructure;
using Harness.Workers;
using Npgsql;

namespace Harness.Tests.Workers;

public sealed class WorkerSchemaTests(PostgresFixture postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_concurrent_runs_on_one_server_never_touch_each_others_objects()
    {
        var runA = RunId.New();
        var runB = RunId.New();
        var migrator = new SqlFolderMigrator(RepositoryPaths.SampleMigrations);

        await using var a = await WorkerSchema.CreateAsync(postgres.AdminConnectionString, runA, 0, cancellationToken: Token);
        await using var b = await WorkerSchema.CreateAsync(postgres.AdminConnectionString, runB, 0, cancellationToken: Token);
        await Task.WhenAll(
            migrator.ApplyAsync(postgres.AdminConnectionString, a.Name, Token),
            migrator.ApplyAsync(postgres.AdminConnectionString, b.Name, Token));
        await ExecuteAsync(a.AdminConnectionString, "INSERT INTO companies (name, slug) VALUES ('Run A Pty', 'run-a')");

        (await ScalarAsync(a.AdminConnectionString, "SELECT count(*) FROM companies")).Should().Be(1);
        (await ScalarAsync(b.AdminConnectionString, "SELECT count(*) FROM companies")).Should().Be(0);
        (await ScalarAsync(b.AdminConnectionString, "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()")).Should().Be(10);

        await a.DropAsync(Token);
        (await SchemaExistsAsync(a.Name)).Should().BeFalse();
        (await SchemaExistsAsync(b.Name)).Should().BeTrue("dropping run A's schema must leave run B's alone");
        (await ScalarAsync(b.AdminConnectionString, "SELECT count(*) FROM sites")).Should().Be(0);
    }

    [Fact]
    public async Task Schema_names_are_namespaced_by_run_and_worker_and_parse_back()
    {
        var run = RunId.New();
        WorkerSchemaName.For(run, 3).Should().Be($"h_{run}_w3");
        WorkerSchemaName.TryParse($"h_{run}_w3", out var parsed, out var worker).Should().BeTrue();
        (parsed, worker).Should().Be((run, 3));
        WorkerSchemaName.TryParse("h_public_w1", out _, out _).Should().BeFalse();
        WorkerSchemaName.TryParse("public", out _, out _).Should().BeFalse();
    }

    [Fact]
    public async Task Disposing_drops_the_schema_unless_asked_to_keep_it()
    {
        var dropped = await WorkerSchema.CreateAsync(postgres.AdminConnectionString, RunId.New(), 0, cancellationToken: Token);
        var kept = await WorkerSchema.CreateAsync(postgres.AdminConnectionString, RunId.New(), 0, cancellationToken: Token);
        kept.DropOnDispose = false;

        await dropped.DisposeAsync();
        await kept.DisposeAsync();

        (await SchemaExistsAsync(dropped.Name)).Should().BeFalse();
        (await SchemaExistsAsync(kept.Name)).Should().BeTrue();
        await kept.DropAsync(Token);
    }

    private async Task<bool> SchemaExistsAsync(string schema) =>
        await ScalarAsync(postgres.AdminConnectionString, $"SELECT count(*) FROM pg_namespace WHERE nspname = '{schema}'") == 1;

    internal static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Token);
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(Token), System.Globalization.CultureInfo.InvariantCulture);
    }

    internal static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Token);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Token);
    }
}
