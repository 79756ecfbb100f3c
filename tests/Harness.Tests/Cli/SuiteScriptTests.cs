using System.Text.RegularExpressions;
using FluentAssertions;
using Harness.Tests.Infrastructure;

namespace Harness.Tests.Cli;

/// <summary>
/// The README's main command. PowerShell is not on this machine, so run-suite.ps1 is held to running exactly the
/// dotnet commands of run-suite.sh, and run-suite.sh itself is run for real.
/// </summary>
public sealed partial class SuiteScriptTests(PostgresFixture postgres)
{
    [Fact]
    public void The_powershell_twin_runs_the_same_dotnet_commands_as_the_bash_script()
    {
        var bash = DotnetCommands("run-suite.sh", s => s
            .Replace("\"${HARNESS_POSTGRES:-auto}\"", "<postgres>", StringComparison.Ordinal)
            .Replace("\"$@\"", "<args>", StringComparison.Ordinal));
        var powershell = DotnetCommands("run-suite.ps1", s => s
            .Replace("$postgres", "<postgres>", StringComparison.Ordinal)
            .Replace("@args", "<args>", StringComparison.Ordinal));

        bash.Should().HaveCount(2).And.Equal(powershell);
        bash[1].Should().Contain("run --manifest fixtures/SampleTarget/harness.yaml --postgres <postgres> <args>");
        File.ReadAllText(Path.Combine(RepositoryPaths.Root, "run-suite.ps1")).Should().Contain("HARNESS_POSTGRES").And.Contain("'auto'");
    }

    [Fact]
    public async Task The_main_command_runs_the_suite_on_the_sample_and_exits_0()
    {
        var reports = Directory.CreateTempSubdirectory("harness-suite-").FullName;

        var result = await CliProcess.RunAsync(
            "bash",
            ["run-suite.sh", "--tenants", "10", "--reports", reports],
            RepositoryPaths.Root,
            new Dictionary<string, string> { ["HARNESS_POSTGRES"] = postgres.AdminConnectionString },
            TestContext.Current.CancellationToken);

        result.ExitCode.Should().Be(0, result.ToString());
        result.Stdout.Should().Contain("result: PASS").And.Contain("reports: " + reports);
    }

    private static List<string> DotnetCommands(string script, Func<string, string> normalise) =>
        [.. File.ReadAllLines(Path.Combine(RepositoryPaths.Root, script))
            .Select(line => line.Trim())
            .Where(line => line.StartsWith("dotnet ", StringComparison.Ordinal))
            .Select(line => Spaces().Replace(normalise(line), " "))];

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
