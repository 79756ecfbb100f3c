using FluentAssertions;
using Harness.Tests.Infrastructure;

namespace Harness.Tests.Cli;

/// <summary>HARNESS_* variables set on the real CLI process: they reach the run, the command line wins, and a bad value exits 2 naming its variable.</summary>
public sealed class EnvironmentCliTests(PostgresFixture postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_run_takes_its_options_from_the_environment_and_the_command_line_wins()
    {
        var reports = Directory.CreateTempSubdirectory("harness-reports-").FullName;
        var environment = new Dictionary<string, string>
        {
            ["HARNESS_MANIFEST"] = "no-such-harness.yaml",
            ["HARNESS_POSTGRES"] = postgres.AdminConnectionString,
            ["HARNESS_TENANTS"] = "4",
            ["HARNESS_SCENARIOS"] = "audit",
            ["HARNESS_REPORTS"] = reports,
            ["HARNESS_SKIP_RULES"] = "AUD002,AUD003",
            ["SAMPLE_FLAW"] = "rls-not-forced",
        };

        var result = await CliProcess.HarnessAsync(["run", "--manifest", RepositoryPaths.SampleManifest], environment, Token);

        result.ExitCode.Should().Be(0, "the only planted flaw is of the skipped rules: {0}", result);
        result.Stdout.Should().Contain("4 tenants, scenarios audit").And.Contain($"reports: {reports}").And.Contain("result: PASS");
        Directory.GetDirectories(reports).Should().ContainSingle();
    }

    [Fact]
    public async Task A_bad_value_in_the_environment_exits_2_naming_the_variable()
    {
        var result = await CliProcess.HarnessAsync(["run"], new Dictionary<string, string> { ["HARNESS_TENANTS"] = "abc" }, Token);

        result.ExitCode.Should().Be(2, result.ToString());
        result.Stderr.Should().StartWith("error: HARNESS_TENANTS='abc' is not a valid value for --tenants: give a whole number\n");
        result.Stdout.Should().BeEmpty();
    }
}
