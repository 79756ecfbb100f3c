using FluentAssertions;
using Harness.Tests.Infrastructure;

namespace Harness.Tests.Cli;

/// <summary>
/// <c>harness validate</c>: the checks a run makes before it provisions, one line each, then <c>ok</c> and exit 0, or
/// <c>error:</c> with what to do and exit 2; it never provisions, runs or writes anything.
/// </summary>
public sealed class ValidateCommandTests(PostgresFixture postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_sample_with_a_reachable_server_is_ok_with_one_line_per_check_and_writes_nothing()
    {
        var reports = Path.Combine(Directory.CreateTempSubdirectory("harness-validate-").FullName, "reports");

        var result = await CliProcess.HarnessAsync(
            ["validate", "--manifest", RepositoryPaths.SampleManifest, "--db", postgres.AdminConnectionString, "--reports", reports], cancellationToken: Token);

        result.ExitCode.Should().Be(0, result.ToString());
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        lines[0].Should().Be($"manifest: {RepositoryPaths.SampleManifest} (target sample-site-induction)");
        lines.Should().Contain($"reports: {reports} (created by the run)")
            .And.Contain("target.url: http://127.0.0.1:{port} (loopback, the app the run starts)")
            .And.Contain(l => l.StartsWith("database: ", StringComparison.Ordinal) && l.Contains(" answers, PostgreSQL ", StringComparison.Ordinal));
        lines[^1].Should().Be("ok");
        result.Stderr.Should().BeEmpty();
        Directory.Exists(reports).Should().BeFalse("validate writes nothing");
    }

    [Fact]
    public async Task A_reports_path_that_is_a_file_exits_2_with_what_to_do()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("harness-validate-").FullName, "reports");
        await File.WriteAllTextAsync(file, "a file", Token);

        var result = await CliProcess.HarnessAsync(["validate", "--manifest", RepositoryPaths.SampleManifest, "--reports", file], cancellationToken: Token);

        result.ExitCode.Should().Be(2, result.ToString());
        result.Stderr.Should().StartWith($"error: --reports '{file}': '{file}' is an existing file").And.Contain("give a folder");
        result.Stdout.Should().NotContain("ok");
    }

    [Fact]
    public async Task An_unclosed_flow_list_in_the_manifest_exits_2_with_file_line_and_column()
    {
        var manifest = Path.Combine(Directory.CreateTempSubdirectory("harness-validate-").FullName, "harness.yaml");
        await File.WriteAllTextAsync(manifest, "version: 1\ntenancy:\n  key: company_id\n  root: companies\n  global: [plans\ndatabase:\n  appRole: app\n", Token);

        var result = await CliProcess.HarnessAsync(["validate", "--manifest", manifest], cancellationToken: Token);

        result.ExitCode.Should().Be(2, result.ToString());
        result.Stderr.Should().StartWith($"error: {manifest}:5:11: not valid YAML: the list opened here with '[' is not closed");
        result.Stderr.Should().NotContain("bug").And.NotContain("InvalidOperationException");
    }

    [Fact]
    public async Task A_server_that_does_not_answer_exits_2_with_the_database_error()
    {
        var result = await CliProcess.HarnessAsync(
            ["validate", "--manifest", RepositoryPaths.SampleManifest, "--db", $"Host=127.0.0.1;Port={Harness.Processes.FreePort.Pick()};Username=nobody;Timeout=5"],
            cancellationToken: Token);

        result.ExitCode.Should().Be(2, result.ToString());
        result.Stdout.Should().Contain("manifest: ").And.NotContain("ok");
        result.Stderr.Should().StartWith("error: database: ");
    }
}
