using System.Text.RegularExpressions;
using FluentAssertions;
using Harness.Tests.Infrastructure;
using Harness.Tests.Workers;

namespace Harness.Tests.Cli;

/// <summary>
/// Ctrl+C (SIGINT) or a CI stop (SIGTERM) while <c>harness run</c> seeds into an existing server: the run ends every COPY,
/// drops its worker schema, leaves no report folder, and exits 2 with exactly <c>error: cancelled</c>, no stack trace.
/// </summary>
public sealed partial class CancelCommandTests(PostgresFixture postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task A_signal_while_seeding_exits_2_with_error_cancelled_and_leaves_nothing_behind(string signal)
    {
        var reports = Directory.CreateTempSubdirectory("harness-cancel-cli-").FullName;

        var result = await InterruptedCli.RunAsync(
            ["run", "--manifest", RepositoryPaths.SampleManifest, "--postgres", postgres.AdminConnectionString, "--tenants", "3000",
             "--scenarios", "audit", "--reports", reports],
            line => line.Contains(": seeding ", StringComparison.Ordinal),
            signal,
            Token);

        result.ExitCode.Should().Be(2, result.ToString());
        result.Stderr.Trim().Should().Be("error: cancelled", result.ToString());
        result.Stdout.Should().NotContain("result:", "the run did not finish before the signal");
        var runId = RunLine().Match(result.Stdout).Groups["run"].Value;
        runId.Should().NotBeEmpty(result.ToString());
        (await WorkerSchemaTests.ScalarAsync(postgres.AdminConnectionString, $"SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'h\\_{runId}\\_%'"))
            .Should().Be(0, "a cancelled run drops the worker schema it created on the user's server");
        Directory.EnumerateFileSystemEntries(reports).Should().BeEmpty("a cancelled run leaves no report folder, empty or partial");
    }

    [GeneratedRegex(@"\] run (?<run>[a-z0-9]+): ")]
    private static partial Regex RunLine();
}
