using FluentAssertions;
using Harness.Tests.Infrastructure;

namespace Harness.Tests.Cli;

/// <summary>Options out of range or naming nothing: the real CLI exits 2 with the option's message and no stack trace, before any work.</summary>
public sealed class UsageErrorTests(PostgresFixture postgres)
{
    public static TheoryData<string[], string> Refusals => new()
    {
        { ["--workers", "0"], "error: --workers takes 1 to 64\n" },
        { ["--tenants", "1"], "error: --tenants takes 2 or more: isolation needs an attacker and a victim\n" },
        { ["--scenarios", "audit,nope"], "error: unknown scenario 'nope'; valid: all, audit, rls, idor, quota, soak, survival, chaos\n" },
        { ["--shard", "3"], "error: --shard '3' is not i/n with 1 <= i <= n, e.g. --shard 2/4\n" },
        { ["--scenarios", "audit", "--shard", "2/2"], "error: --shard 2/2: none of the scenarios is split into shards (only idor, soak); the others run whole in shard 1\n" },
    };

    public static TheoryData<string[], string> ParseMistakes => new()
    {
        { ["run", "--tenants", "abc"], "error: 'abc' is not a valid value for --tenants: give a whole number\n" },
        { ["run", "--fail-on", "bogus"], "error: 'bogus' is not a valid value for --fail-on: give one of" },
        { ["runn"], "error: unknown command 'runn' (did you mean run?); the commands are run, audit, collect, validate," },
        { ["frobnicate"], "error: unknown command 'frobnicate'; the commands are run, audit," },
    };

    [Theory]
    [MemberData(nameof(ParseMistakes))]
    public async Task A_command_line_the_parser_refuses_exits_2_with_what_is_valid_and_no_type_name(string[] arguments, string stderr)
    {
        var result = await CliProcess.HarnessAsync(arguments, cancellationToken: TestContext.Current.CancellationToken);

        result.ExitCode.Should().Be(2, "a usage error must never read as exit 1, findings: {0}", result);
        result.Stderr.Should().Contain(stderr).And.NotContain("System.").And.NotContain("Harness.Findings");
        result.Stdout.Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_bad_option_exits_2_with_its_message(string[] arguments, string stderr)
    {
        var result = await CliProcess.HarnessAsync(
            ["run", "--manifest", RepositoryPaths.SampleManifest, "--postgres", postgres.AdminConnectionString, .. arguments],
            cancellationToken: TestContext.Current.CancellationToken);

        result.ExitCode.Should().Be(2, result.ToString());
        result.Stderr.Should().Be(stderr);
    }
}
