using FluentAssertions;
using Harness.Manifest;
using Harness.Runner;
using Harness.Scenarios.Soak;

namespace Harness.Tests.Soak;

/// <summary>The manifest's <c>soak</c> section: defaults, every key, and positioned errors.</summary>
public sealed class SoakOptionsReaderTests
{
    private const string Head = "version: 1\ntenancy:\n  key: org_id\n  root: orgs\n  context:\n    setting: app.org_id\ndatabase:\n  appRole: app\n";

    [Fact]
    public void An_absent_section_gives_the_documented_defaults_and_an_unconfigured_family()
    {
        var manifest = Parse("");

        var defaults = manifest.Section<SoakOptions>("soak")!;
        defaults.Should().Be(new SoakOptions());
        defaults.Endpoint.Should().BeNull();
        defaults.Phases.Should().Be(new SoakPhases(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(30)));
        (defaults.Neighbours, defaults.Rate, defaults.Noisy, defaults.Poisson, defaults.Churn).Should().Be((4, 2.0, 60.0, true, 0));
        defaults.Thresholds.Should().Be(new SoakThresholds { P99Factor = 1.5, P99SlackMs = 25, SuccessDropPoints = 1, Fairness = 0.95, Recovery = TimeSpan.FromSeconds(10) });
        Harness.Running.IScenario family = new SoakScenario();
        family.RunsInAll.Should().BeFalse();
        family.IsConfigured(null).Should().BeFalse();
        family.IsConfigured(new SoakOptions { Endpoint = "GET /x" }).Should().BeTrue();
    }

    [Fact]
    public void Every_key_is_read()
    {
        var options = Parse("""
            soak:
              endpoint: get /sites/{siteId}
              neighbours: 6
              rate: 2.5
              noisy: 300
              phases: { baseline: 10s, flood: 1m, recovery: 1500ms }
              poisson: false
              churn: 5000
              thresholds: { p99Factor: 2, p99SlackMs: 50, successDropPoints: 0.5, fairness: 0.9, recovery: 30s, abortOnFail: true }
            """).Section<SoakOptions>("soak")!;

        options.Endpoint.Should().Be("GET /sites/{siteId}");
        (options.Neighbours, options.Rate, options.Noisy, options.Poisson, options.Churn).Should().Be((6, 2.5, 300.0, false, 5000));
        options.Phases.Should().Be(new SoakPhases(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1), TimeSpan.FromMilliseconds(1500)));
        options.Thresholds.Should().Be(new SoakThresholds { P99Factor = 2, P99SlackMs = 50, SuccessDropPoints = 0.5, Fairness = 0.9, Recovery = TimeSpan.FromSeconds(30), AbortOnFail = true });
    }

    [Fact]
    public void A_duration_is_split_a_quarter_a_half_and_a_quarter_and_an_override_keeps_the_shares_of_given_phases()
    {
        var split = Parse("soak:\n  endpoint: GET /x\n  duration: 2m\n").Section<SoakOptions>("soak")!;
        split.Phases.Should().Be(new SoakPhases(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(30)));

        var phased = Parse("soak:\n  endpoint: GET /x\n  phases: { baseline: 10s, flood: 20s, recovery: 10s }\n").Section<SoakOptions>("soak")!;
        phased.WithDuration(TimeSpan.FromMinutes(4)).Phases.Should().Be(new SoakPhases(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(1)));
    }

    [Theory]
    [InlineData("soak:\n  endpoint: /sites\n", 10, 13, "'soak.endpoint' must be \"METHOD /path\"")]
    [InlineData("soak:\n  duration: 2 minutes\n", 10, 13, "'soak.duration' must be a duration such as 500ms")]
    [InlineData("soak:\n  duration: 2s\n", 10, 13, "at least 4s")]
    [InlineData("soak:\n  neighbours: 0\n", 10, 15, "'soak.neighbours' must be a whole number from 1 to 1000")]
    [InlineData("soak:\n  phases: { baseline: 10s, flood: 20s }\n", 10, 11, "'recovery' is missing")]
    [InlineData("soak:\n  phases: { baseline: 10s, flood: 500ms, recovery: 1s }\n", 10, 35, "'soak.phases.flood' must be at least 1s")]
    [InlineData("soak:\n  duration: 1m\n  phases: { baseline: 10s, flood: 20s, recovery: 10s }\n", 10, 13, "is not the sum of 'soak.phases' (40s)")]
    [InlineData("soak:\n  thresholds: { fairness: 1.5 }\n", 10, 27, "'soak.thresholds.fairness' must be a number from 0 to 1")]
    [InlineData("soak:\n  thresholds: { recovery: soon }\n", 10, 27, "'soak.thresholds.recovery' must be a duration")]
    [InlineData("soak:\n  flood: 10\n", 10, 3, "unknown key 'soak.flood'")]
    public void A_bad_value_is_refused_at_its_position(string yaml, int line, int column, string problem)
    {
        var act = () => Parse(yaml);

        var error = act.Should().Throw<ManifestException>().Which;
        error.Message.Should().Contain(problem);
        (error.Line, error.Column).Should().Be((line, column), error.Message);
    }

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("2m", 120)]
    [InlineData("1.5h", 5400)]
    [InlineData("250ms", 0.25)]
    [InlineData("1d", 86400)]
    public void Durations_read_a_number_and_a_unit(string text, double seconds) =>
        SoakDuration.Parse(text).Should().Be(TimeSpan.FromSeconds(seconds));

    [Theory]
    [InlineData("2")]
    [InlineData("-1s")]
    [InlineData("0s")]
    [InlineData("1w")]
    [InlineData("")]
    public void Durations_without_a_unit_or_above_zero_are_refused(string text) => SoakDuration.Parse(text).Should().BeNull();

    private static HarnessManifest Parse(string section) => ScenarioRegistry.Default.ParseManifest(Head + section, "/x/harness.yaml");
}
