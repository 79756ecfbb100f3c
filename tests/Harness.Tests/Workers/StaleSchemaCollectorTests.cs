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
        var crashedRun = RunId.New();
        var crashed = await WorkerSchema.CreateAsync(postgres.AdminConnectionString, crashedRun, 0, old, Token);
        await OwnerMarkers.MarkDeadAsync(postgres.AdminConnectionString, "SCHEMA", crashed.Name, crashedRun, now.AddHours(-10));
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

    [Fact]
    public async Task Never_drops_a_schema_whose_owner_still_runs_on_this_host_however_old()
    {
        var now = TimeProvider.System.GetUtcNow();
        var twoDaysAgo = now.AddDays(-2);
        var liveRun = RunId.New();
        var live = await WorkerSchema.CreateAsync(postgres.AdminConnectionString, liveRun, 0, cancellationToken: Token);
        await OwnerMarkers.MarkLiveAsync(postgres.AdminConnectionString, "SCHEMA", live.Name, liveRun, twoDaysAgo);
        var deadRun = RunId.New();
        var dead = await WorkerSchema.CreateAsync(postgres.AdminConnectionString, deadRun, 0, cancellationToken: Token);
        await OwnerMarkers.MarkDeadAsync(postgres.AdminConnectionString, "SCHEMA", dead.Name, deadRun, twoDaysAgo);
        var recycledRun = RunId.New();
        var recycled = await WorkerSchema.CreateAsync(postgres.AdminConnectionString, recycledRun, 0, cancellationToken: Token);
        await OwnerMarkers.MarkAsync(postgres.AdminConnectionString, "SCHEMA", recycled.Name,
            SchemaMarker.ForThisProcess(recycledRun, twoDaysAgo) with { ProcessStartedAt = twoDaysAgo });

        var collected = await new StaleSchemaCollector(TimeSpan.FromHours(1), new FixedTime(now)).CollectAsync(postgres.AdminConnectionString, null, Token);

        collected.Should().NotContain(live.Name, "its owner (this process, same pid and start time) still runs");
        (await ExistsAsync(live.Name)).Should().BeTrue();
        collected.Should().Contain(dead.Name, "its owner has exited");
        collected.Should().Contain(recycled.Name, "its pid now names a process that started at another time, so the owner is gone");
        await live.DropAsync(Token);
    }

    [Fact]
    public async Task A_marker_written_before_the_start_time_was_recorded_still_reads_and_its_owner_still_counts()
    {
        var created = TimeProvider.System.GetUtcNow();
        var old = SchemaMarker.TryParse(
            $"{{\"harness\":1,\"run\":\"abcdefgh\",\"created\":\"{created:O}\",\"host\":\"{Environment.MachineName}\",\"pid\":{Environment.ProcessId}}}");

        old.Should().NotBeNull();
        old!.ProcessStartedAt.Should().BeNull();
        old.OwnerIsAliveOnThisHost().Should().BeTrue("this process was already running when the marker was written");
        (old with { CreatedAt = created.AddDays(-2) }).OwnerIsAliveOnThisHost()
            .Should().BeFalse("a process that started after the marker was written cannot be its owner: the pid was reused");
        (old with { Host = "another-host" }).OwnerIsAliveOnThisHost().Should().BeFalse("an owner on another host cannot be checked");
    }

    private async Task<bool> ExistsAsync(string schema) =>
        await WorkerSchemaTests.ScalarAsync(postgres.AdminConnectionString, $"SELECT count(*) FROM pg_namespace WHERE nspname = '{schema}'") == 1;

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
