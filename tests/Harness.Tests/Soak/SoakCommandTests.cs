using System.CommandLine;
using FluentAssertions;
using Harness.Cli.Commands;
using Harness.Errors;
using Harness.Scenarios.Soak;

namespace Harness.Tests.Soak;

/// <summary><c>harness soak</c>'s arguments: the soak family alone, the duration and start time as overrides of the manifest's section.</summary>
public sealed class SoakCommandTests
{
    private static readonly DateTimeOffset Now = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_run_names_the_soak_alone_and_overrides_the_manifests_duration_and_start()
    {
        var options = Parse("soak", "-m", "app.yaml", "--duration", "4m", "--shard", "2/3", "--start-at", "2026-05-01T12:05:00Z", "--seed", "7");

        options.Scenarios.Should().Equal("soak");
        (options.ManifestPath, options.Seed, options.Shard.ToString()).Should().Be(("app.yaml", 7, "2/3"));
        var fromManifest = new SoakOptions { Endpoint = "GET /x", Phases = new SoakPhases(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(10)) };
        var changed = options.OptionOverrides["soak"](fromManifest).Should().BeOfType<SoakOptions>().Subject;
        changed.Endpoint.Should().Be("GET /x");
        changed.Phases.Should().Be(new SoakPhases(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(1)));
        changed.StartAt.Should().Be(Now.AddMinutes(5));
    }

    [Fact]
    public void Without_overrides_the_manifests_options_pass_through_and_an_absent_section_gets_the_defaults()
    {
        var options = Parse("soak");

        var fromManifest = new SoakOptions { Endpoint = "GET /x" };
        options.OptionOverrides["soak"](fromManifest).Should().Be(fromManifest);
        options.OptionOverrides["soak"](null).Should().Be(new SoakOptions());
        options.ManifestPath.Should().Be("harness.yaml");
    }

    [Theory]
    [InlineData("--duration", "2 minutes", "--duration '2 minutes' is not a duration")]
    [InlineData("--duration", "3s", "of 4s or more")]
    [InlineData("--start-at", "noon", "--start-at 'noon' is not a UTC time")]
    [InlineData("--start-at", "2026-05-01T11:59:00Z", "--start-at 2026-05-01T11:59:00Z has already passed (it is 12:00:00Z)")]
    [InlineData("--shard", "3/2", "--shard '3/2' is not i/n")]
    public void Bad_values_are_usage_errors_naming_the_option(string option, string value, string message)
    {
        var act = () => Parse("soak", option, value);

        var error = act.Should().Throw<UsageException>().Which;
        error.Option.Should().Be(option);
        error.Message.Should().Contain(message);
    }

    private static Harness.Runner.RunOptions Parse(params string[] arguments)
    {
        using var signals = new TerminationSignals();
        var root = new RootCommand("test") { SoakCommand.Create(signals) };
        root.Options.Add(CommonOptions.Diagnostics);
        var result = root.Parse(arguments);
        result.Errors.Should().BeEmpty();
        return SoakCommand.OptionsFrom(result, Now);
    }
}
