using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using FluentAssertions;
using Harness.Provisioning;
using Harness.Runner;
using Harness.Tests.Infrastructure;
using Harness.Tests.Workers;

namespace Harness.Tests.Runner;

/// <summary>
/// Cancelling a run's token while the seeder copies rows into an existing server ends the COPY cleanly: the run throws the
/// cancellation for that token (never a connection error or a bug), and leaves neither its worker schema nor a report folder.
/// </summary>
public sealed partial class RunCancellationTests(PostgresFixture postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Cancelling_while_the_seeder_copies_throws_the_cancellation_and_drops_the_worker_schema()
    {
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var reports = Directory.CreateTempSubdirectory("harness-cancel-").FullName;
        var progress = new ProgressLines();
        var options = new RunOptions
        {
            ManifestPath = await SqlFolderManifest.WriteAsync("cancelled", "sample_app", RepositoryPaths.SampleMigrations, Token),
            Tenants = 400,
            Scenarios = ["audit"],
            ReportsRoot = reports,
            // The first table a connection finished: that connection goes on to its next COPY, the others are in theirs.
            SeedProgress = new FirstReport(cancellation.Cancel),
        };

        var run = () => new RunPipeline(options, progress).RunAsync(new ExternalServerProvider(postgres.AdminConnectionString), cancellation.Token);

        var thrown = (await run.Should().ThrowAsync<OperationCanceledException>()).Which;
        thrown.CancellationToken.Should().Be(cancellation.Token);
        var runId = progress.All.Select(l => RunLine().Match(l)).First(m => m.Success).Groups["run"].Value;
        progress.All.Should().Contain(l => l.Contains("seeding 400 tenants", StringComparison.Ordinal));
        progress.All.Should().NotContain(l => l.StartsWith("seeded ", StringComparison.Ordinal), "seeding was cancelled");
        (await WorkerSchemaTests.ScalarAsync(postgres.AdminConnectionString, $"SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'h\\_{runId}\\_%'"))
            .Should().Be(0, "a cancelled run drops the worker schema it created");
        (await WorkerSchemaTests.ScalarAsync(postgres.AdminConnectionString,
                $"SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query ILIKE 'COPY %' AND query LIKE '%h\\_{runId}\\_%'"))
            .Should().Be(0, "no COPY of this run is left running on the server (other tests' runs seed the same server meanwhile)");
        Directory.EnumerateFileSystemEntries(reports).Should().BeEmpty("a cancelled run leaves no report folder");
    }

    [GeneratedRegex(@"^run (?<run>[a-z0-9]+): ")]
    private static partial Regex RunLine();

    /// <summary>Calls <paramref name="action"/> on the first report only.</summary>
    private sealed class FirstReport(Action action) : IProgress<string>
    {
        private int reported;

        public void Report(string value)
        {
            if (Interlocked.Exchange(ref reported, 1) == 0)
            {
                action();
            }
        }
    }

}
