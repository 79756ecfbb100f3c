using FluentAssertions;
using Harness.Tests.Infrastructure;
using Harness.Workers;
using Npgsql;

namespace Harness.Tests.Workers;

public sealed class WorkerDatabaseTests(PostgresFixture postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_worker_is_a_marked_copy_of_the_template_and_drops_with_its_sessions()
    {
        var run = RunId.New();
        var template = await WorkerDatabase.CreateTemplateAsync(postgres.AdminConnectionString, run, "public", cancellationToken: Token);
        await WorkerSchemaTests.ExecuteAsync(template.AdminConnectionString, "CREATE TABLE t (id int); INSERT INTO t VALUES (7)");

        var worker = await WorkerDatabase.CreateFromTemplateAsync(template, 0, cancellationToken: Token);

        worker.Name.Should().Be($"h_{run}_w0");
        template.Name.Should().Be($"h_{run}_tpl");
        (await WorkerSchemaTests.ScalarAsync(worker.AdminConnectionString, "SELECT id FROM t")).Should().Be(7, "the copy has the template's tables and rows");
        (await WorkerSchemaTests.ScalarAsync(worker.AdminConnectionString, "SELECT count(*) FROM pg_database WHERE datname = current_database() AND shobj_description(oid, 'pg_database') LIKE '{\"harness\":1,\"run\":\"" + run + "\"%'"))
            .Should().Be(1, "the worker database carries the marker");
        await using (var open = new NpgsqlConnection(worker.AdminConnectionString))
        {
            await open.OpenAsync(Token);
            await worker.DropAsync(Token);
        }

        await template.DropAsync(Token);
        (await WorkerSchemaTests.ScalarAsync(postgres.AdminConnectionString, $"SELECT count(*) FROM pg_database WHERE datname LIKE 'h\\_{run}\\_%'")).Should().Be(0);
    }

    [Fact]
    public async Task Stale_databases_are_only_marked_worker_or_template_databases_of_other_runs_past_the_ttl()
    {
        var now = TimeProvider.System.GetUtcNow();
        var old = new FixedTime(now.AddHours(-10));
        var crashedRun = RunId.New();
        var crashed = await WorkerDatabase.CreateTemplateAsync(postgres.AdminConnectionString, crashedRun, "public", old, Token);
        var crashedWorker = await WorkerDatabase.CreateFromTemplateAsync(crashed, 0, old, Token);
        await OwnerMarkers.MarkDeadAsync(postgres.AdminConnectionString, "DATABASE", crashed.Name, crashedRun, now.AddHours(-10));
        await OwnerMarkers.MarkDeadAsync(postgres.AdminConnectionString, "DATABASE", crashedWorker.Name, crashedRun, now.AddHours(-10));
        var currentRun = RunId.New();
        var current = await WorkerDatabase.CreateTemplateAsync(postgres.AdminConnectionString, currentRun, "public", old, Token);
        var recent = await WorkerDatabase.CreateTemplateAsync(postgres.AdminConnectionString, RunId.New(), "public", new FixedTime(now.AddMinutes(-5)), Token);
        var lookalike = $"h_{RunId.New()}_w0";
        await WorkerSchemaTests.ExecuteAsync(postgres.AdminConnectionString, $"CREATE DATABASE \"{lookalike}\"");

        var collected = await new StaleSchemaCollector(TimeSpan.FromHours(6), new FixedTime(now))
            .CollectDatabasesAsync(postgres.AdminConnectionString, currentRun, Token);

        collected.Should().Contain([crashed.Name, crashedWorker.Name]);
        collected.Should().NotContain([current.Name, recent.Name, lookalike]);
        (await ExistsAsync(crashedWorker.Name)).Should().BeFalse();
        (await ExistsAsync(lookalike)).Should().BeTrue("an unmarked database that merely looks like a worker database is not the harness's");
        await current.DropAsync(Token);
        await recent.DropAsync(Token);
        await WorkerSchemaTests.ExecuteAsync(postgres.AdminConnectionString, $"DROP DATABASE \"{lookalike}\"");
    }

    [Fact]
    public async Task A_database_whose_owner_still_runs_on_this_host_is_never_collected()
    {
        var now = TimeProvider.System.GetUtcNow();
        var run = RunId.New();
        var live = await WorkerDatabase.CreateTemplateAsync(postgres.AdminConnectionString, run, "public", new FixedTime(now.AddDays(-2)), Token);

        var collected = await new StaleSchemaCollector(TimeSpan.FromHours(1), new FixedTime(now)).CollectDatabasesAsync(postgres.AdminConnectionString, null, Token);

        collected.Should().NotContain(live.Name, "it was created by this process, which still runs");
        (await ExistsAsync(live.Name)).Should().BeTrue();
        await live.DropAsync(Token);
    }

    private async Task<bool> ExistsAsync(string database) =>
        await WorkerSchemaTests.ScalarAsync(postgres.AdminConnectionString, $"SELECT count(*) FROM pg_database WHERE datname = '{database}'") == 1;

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
