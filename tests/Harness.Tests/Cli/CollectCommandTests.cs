using FluentAssertions;
using Harness.Tests.Infrastructure;
using Harness.Tests.Workers;
using Harness.Workers;

namespace Harness.Tests.Cli;

/// <summary><c>harness collect</c> as a user runs it: absurd or short TTLs are refused before any connection, live runs are kept.</summary>
public sealed class CollectCommandTests(PostgresFixture postgres)
{
    // Never reached: every refusal comes before the harness connects.
    private const string Unreachable = "Host=127.0.0.1;Port=1;Username=nobody";

    [Theory]
    [InlineData("-1")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("1e12")]
    public async Task A_ttl_that_is_no_number_of_hours_exits_2_with_the_valid_range(string hours)
    {
        var result = await CliProcess.HarnessAsync(["collect", "--db", Unreachable, "--older-than-hours", hours], cancellationToken: TestContext.Current.CancellationToken);

        result.ExitCode.Should().Be(2, result.ToString());
        result.Stderr.Should().StartWith("error: --older-than-hours takes a number of hours from 0 to").And.NotContain("Exception").And.NotContain("System.");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("0.5")]
    public async Task A_ttl_under_an_hour_without_force_exits_2_saying_why_and_how(string hours)
    {
        var result = await CliProcess.HarnessAsync(["collect", "--db", Unreachable, "--older-than-hours", hours], cancellationToken: TestContext.Current.CancellationToken);

        result.ExitCode.Should().Be(2, result.ToString());
        result.Stderr.Should().StartWith($"error: --older-than-hours {hours} is under 1 hour")
            .And.Contain("would lose its schemas").And.Contain("--force");
    }

    [Fact]
    public async Task Forced_collection_with_no_ttl_keeps_the_schema_of_a_run_still_going_on_this_host()
    {
        var token = TestContext.Current.CancellationToken;
        var run = RunId.New();
        var live = await WorkerSchema.CreateAsync(postgres.AdminConnectionString, run, 0, cancellationToken: token);
        await OwnerMarkers.MarkLiveAsync(postgres.AdminConnectionString, "SCHEMA", live.Name, run, DateTimeOffset.UtcNow.AddDays(-2));

        var result = await CliProcess.HarnessAsync(
            ["collect", "--db", postgres.AdminConnectionString, "--older-than-hours", "0", "--force", "--dry-run"], cancellationToken: token);

        result.ExitCode.Should().Be(0, result.ToString());
        result.Stdout.Should().NotContain(live.Name, "its owner, this test process, still runs");
        await live.DropAsync(token);
    }
}
