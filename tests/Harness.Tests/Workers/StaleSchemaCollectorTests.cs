using FluentAssertions;
using Harness.Tests.Infrastructure;
using Harness.Workers;
using Npgsql;

namespace Harness.Tests.Workers;

public sealed class StaleSchemaCollectorTests(PostgresFixture postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Drops_only_marked_worker_schemas_older_than_the_ttl_and_never_the_current_run()
    {
        // "Now" must be the real now: the collector sees every worker schema on the shared test server, and a clock
        // ahead of real time would make other tests' fresh schemas look stale and drop them under their feet.
        var now = TimeProvider.System.GetUtcNow();
        var old = new FixedTime(now.AddHours(-10));
        var crashed = await WorkerSchema.CreateAsync(postgres.AdminConnectionString, RunId.New(), 0, old, Token);
        var currentRun = RunId.New();
        var current = await WorkerSchema.CreateAsync(postgres.AdminConnectionString, currentRun, 0, old, Token);
        var recent = await WorkerSchema.CreateAsync(postgres.AdminConnectionString, RunId.New(), 0, new FixedTime(now.AddMinutes(-5)), Token);
        var lookalike = $"h_{RunId.New()}_w0";
        await WorkerSchemaTests.ExecuteAsync(postgres.AdminConnectionString, $"CREATE SCHEMA \"{lookalike}\"");
        var forged = $"h_{RunId.New()}_w1";
        await WorkerSchemaTests.ExecuteAsync(postgres.AdminConnectionString,
            $"CREATE SCHEMA \"{forged}\"; COMMENT ON SCHEMA \"{forged}\" IS '{{\"harness\":1,\"run\":\"zzzzzzzz\",\"created\":\"2020-01-01T00:00:00+00:00\",\"host\":\"x\",\"pid\":1}}'");

        var collected = await new StaleSchemaCollector(TimeSpan.FromHours(6), new FixedTime(now))
            .CollectAsync(postgres.AdminConnectionString, currentRun, Token);

        collected.Should().Contain(crashed.Name);
        collected.Should().NotContain([current.Name, recent.Name, lookalike, forged],
            "only schemas of other runs, marked by the harness for their own run id, and past the TTL are stale");
        (await ExistsAsync(crashed.Name)).Should().BeFalse();
        (await ExistsAsync(lookalike)).Should().BeTrue("an unmarked schema that merely looks like a worker schema is not the harness's");
        (await ExistsAsync(current.Name)).Should().BeTrue();
        await current.DropAsync(Token);
        await recent.DropAsync(Token);
    }

    private async Task<bool> ExistsAsync(string schema) =>
        await WorkerSchemaTests.ScalarAsync(postgres.AdminConnectionString, $"SELECT count(*) FROM pg_namespace WHERE nspname = '{schema}'") == 1;

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
