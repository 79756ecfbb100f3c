using FluentAssertions;
using Harness.Errors;
using Harness.Runner;

namespace Harness.Tests.Runner;

/// <summary>Run options are checked when they are set: a value out of range never reaches a run, and the refusal names it.</summary>
public sealed class RunOptionsTests
{
    private static readonly RunOptions Valid = new() { ManifestPath = "harness.yaml" };

    public static TheoryData<Func<RunOptions>, string, string> Refused => new()
    {
        { () => Valid with { Workers = 0 }, "--workers", "--workers takes 1 to 64" },
        { () => Valid with { Workers = 65 }, "--workers", "--workers takes 1 to 64" },
        { () => Valid with { Tenants = 1 }, "--tenants", "--tenants takes 2 or more: isolation needs an attacker and a victim" },
        { () => Valid with { ReportsRoot = " " }, "--reports", "--reports names no folder; give the folder that receives the reports, e.g. reports" },
        { () => Valid with { StaleSchemaTtl = TimeSpan.Zero }, "StaleSchemaTtl", "StaleSchemaTtl must be above zero: worker schemas of crashed runs older than it are dropped" },
        { () => Valid with { Scenarios = [] }, "--scenarios", "--scenarios names no scenario; give one or more ids separated by commas, or all" },
        { () => Valid with { Scenarios = ["audit", ""] }, "--scenarios", "--scenarios 'audit,' has an empty id; separate the ids with single commas, e.g. audit,rls" },
    };

    [Fact]
    public void Workers_0_is_refused_with_the_message_the_command_line_gives()
    {
        var build = () => new RunOptions { ManifestPath = "harness.yaml", Workers = 0 };

        build.Should().Throw<UsageException>().WithMessage("--workers takes 1 to 64").Which.Option.Should().Be("--workers");
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public void A_value_out_of_range_is_refused_naming_the_option_and_the_range(Func<RunOptions> build, string option, string message)
    {
        var error = build.Should().Throw<UsageException>().Which;

        error.Message.Should().Be(message);
        error.Option.Should().Be(option);
    }

    [Fact]
    public void The_defaults_and_the_edges_of_each_range_are_accepted()
    {
        var options = Valid with { Workers = 64, Tenants = 2, Seed = -7, StaleSchemaTtl = TimeSpan.FromTicks(1), Scenarios = ["all"] };

        options.Workers.Should().Be(64);
        (Valid with { Tenants = null }).Tenants.Should().BeNull();
        Valid.Workers.Should().Be(1);
        Valid.Scenarios.Should().Equal("audit");
        Valid.ReportsRoot.Should().Be("reports");
    }
}
