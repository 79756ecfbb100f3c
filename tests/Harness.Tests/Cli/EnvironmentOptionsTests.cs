using System.CommandLine;
using FluentAssertions;
using Harness.Cli.Commands;
using Harness.Tests.Infrastructure;

namespace Harness.Tests.Cli;

/// <summary>HARNESS_* variables: the command line wins over the environment, the environment over the default, and a bad value names its variable.</summary>
public sealed class EnvironmentOptionsTests
{
    private static (RootCommand Root, Command[] FromEnvironment) Commands()
    {
        Command[] fromEnvironment = [RunCommand.Create(), AuditCommand.Create(), CollectCommand.Create()];
        var root = new RootCommand("test") { fromEnvironment[0], fromEnvironment[1], fromEnvironment[2], ReportCommand.Create() };
        root.Options.Add(new Option<bool>("--diagnostics") { Recursive = true });
        return (root, fromEnvironment);
    }

    private static EnvironmentOptions.Outcome Parse(string[] args, Dictionary<string, string> environment)
    {
        var (root, fromEnvironment) = Commands();
        return EnvironmentOptions.Parse(root, args, fromEnvironment, name => environment.GetValueOrDefault(name));
    }

    [Fact]
    public void The_environment_overrides_the_default_and_the_command_line_overrides_the_environment()
    {
        var environment = new Dictionary<string, string>
        {
            ["HARNESS_SEED"] = "7", ["HARNESS_WORKERS"] = "3", ["HARNESS_FAIL_ON"] = "high", ["HARNESS_KEEP"] = "1", ["HARNESS_DIAGNOSTICS"] = "yes",
        };

        var (parsed, errors) = Parse(["run", "--workers", "2"], environment);

        errors.Should().BeEmpty();
        parsed.Errors.Should().BeEmpty();
        parsed.GetValue<int>("--seed").Should().Be(7, "the environment wins over the default");
        parsed.GetValue<int>("--workers").Should().Be(2, "the command line wins over the environment");
        parsed.GetValue<Findings.Severity>("--fail-on").Should().Be(Findings.Severity.High);
        parsed.GetValue<bool>("--keep").Should().BeTrue();
        parsed.GetValue<bool>("--diagnostics").Should().BeTrue("recursive options of the root are set too");
        parsed.GetValue<int?>("--tenants").Should().BeNull("an unset variable leaves the default");
    }

    [Fact]
    public void Without_variables_the_defaults_stay()
    {
        var (parsed, errors) = Parse(["run"], []);

        errors.Should().BeEmpty();
        parsed.GetValue<int>("--seed").Should().Be(42);
        parsed.GetValue<string>("--postgres").Should().Be("auto");
    }

    [Fact]
    public void A_list_option_takes_a_comma_separated_variable()
    {
        var (parsed, errors) = Parse(["audit", "--db", "Host=x"], new() { ["HARNESS_GLOBAL"] = "plans, countries" });

        errors.Should().BeEmpty();
        parsed.GetValue<string[]>("--global").Should().Equal("plans", "countries");
    }

    [Theory]
    [InlineData("HARNESS_TENANTS", "abc", "HARNESS_TENANTS='abc' is not a valid value for --tenants: give a whole number")]
    [InlineData("HARNESS_FAIL_ON", "bogus", "HARNESS_FAIL_ON='bogus' is not a valid value for --fail-on: give one of")]
    [InlineData("HARNESS_KEEP", "maybe", "HARNESS_KEEP='maybe' is not a valid value for --keep: give true or false")]
    public void A_bad_value_in_the_environment_is_an_error_that_names_the_variable(string name, string value, string message)
    {
        var (_, errors) = Parse(["run"], new() { [name] = value });

        errors.Should().ContainSingle().Which.Should().StartWith(message);
    }

    [Fact]
    public void A_bad_variable_is_ignored_when_the_command_line_gives_the_option()
    {
        var (parsed, errors) = Parse(["run", "--tenants", "5"], new() { ["HARNESS_TENANTS"] = "abc" });

        errors.Should().BeEmpty();
        parsed.GetValue<int?>("--tenants").Should().Be(5);
    }

    [Fact]
    public void Commands_outside_the_list_and_requests_for_help_read_no_variable()
    {
        Parse(["report", "--help"], new() { ["HARNESS_TENANTS"] = "abc" }).Errors.Should().BeEmpty();
        Parse(["run", "--help"], new() { ["HARNESS_TENANTS"] = "abc" }).Errors.Should().BeEmpty();
    }

    [Fact]
    public void Every_variable_is_named_in_the_help_and_in_the_readme()
    {
        var (_, fromEnvironment) = Commands();
        EnvironmentOptions.Describe(fromEnvironment);
        var readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md"));

        foreach (var option in fromEnvironment.SelectMany(c => c.Options).Where(o => o is not System.CommandLine.Help.HelpOption))
        {
            var variable = EnvironmentOptions.VariableOf(option);
            option.Description.Should().EndWith($"(env: {variable})");
            readme.Should().Contain($"`{variable}`", "the README's Commands section lists every variable");
        }
    }
}
