using FluentAssertions;
using Harness.Tests.Infrastructure;

namespace Harness.Tests.Cli;

/// <summary>The benchmark's plumbing, on a tiny size: it loads the same rows both ways. Its timings are never asserted.</summary>
public sealed class BenchCommandTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Bench_seed_loads_the_same_rows_through_the_harness_and_psql_and_reports_a_ratio()
    {
        var result = await CliProcess.HarnessAsync(
            ["bench", "seed", "--manifest", RepositoryPaths.SampleManifest, "--postgres", postgres.AdminConnectionString,
             "--tenants", "20", "--users-per-tenant", "2", "--rows-per-table", "3"],
            cancellationToken: TestContext.Current.CancellationToken);

        result.ExitCode.Should().Be(0, result.ToString());
        // 20 companies, 40 users, and 3 rows per tenant in each of the sample's 6 other tenant tables.
        result.Stdout.Should().Contain("rows 480").And.Contain("ratio ").And.Contain("psql \\copy");
    }
}
