extern alias SampleApp;

using FluentAssertions;
using Microsoft.Extensions.Configuration;
using RateLimitTable = SampleApp::SampleTarget.RateLimiting.RateLimitTable;
using StartupConfigurationException = SampleApp::SampleTarget.Configuration.StartupConfigurationException;

namespace Harness.Tests.Fixtures.Quota;

/// <summary>The sample's RateLimits section: what appsettings.json declares, the off switch, and a bad rule refused at start-up.</summary>
public sealed class RateLimitTableTests
{
    [Fact]
    public void The_appsettings_rules_are_the_numbers_harness_yaml_declares_and_they_are_off_unless_switched_on()
    {
        var appsettings = new ConfigurationBuilder().AddJsonFile(Path.Combine(Infrastructure.RepositoryPaths.SampleTarget, "appsettings.json")).Build();

        RateLimitTable.From(appsettings).Rules.Should().BeEmpty();

        var on = new ConfigurationBuilder().AddConfiguration(appsettings)
            .AddInMemoryCollection(new Dictionary<string, string?> { ["RateLimits:Enabled"] = "true" }).Build();
        RateLimitTable.From(on).Rules.Select(r => (r.Name, string.Join(", ", r.Endpoints), r.Limit, r.Window.TotalSeconds, r.Key)).Should().Equal(
            ("api-reads", "GET /sites, GET /sites/{siteId}", 20, 4, "tenant"),
            ("sign-ins-export", "GET /exports/sign-ins.csv", 3, 10, "tenant"),
            ("site-sign-ins", "GET /sites/{siteId}/sign-ins", 10, 4, "route:siteId"));
    }

    [Theory]
    [InlineData("Limit", "0", "RateLimits:Rules:0:Limit is 0")]
    [InlineData("Key", "company", "RateLimits:Rules:0:Key is 'company'")]
    [InlineData("Window", "00:00:00", "RateLimits:Rules:0:Window must be a positive duration")]
    public void A_bad_rule_stops_the_app_saying_which_key_to_fix(string key, string value, string message)
    {
        var settings = new Dictionary<string, string?>
        {
            ["RateLimits:Enabled"] = "true",
            ["RateLimits:Rules:0:Name"] = "reads",
            ["RateLimits:Rules:0:Endpoints:0"] = "GET /sites",
            ["RateLimits:Rules:0:Limit"] = "5",
            ["RateLimits:Rules:0:Window"] = "00:00:01",
            ["RateLimits:Rules:0:Key"] = "tenant",
        };
        settings[$"RateLimits:Rules:0:{key}"] = value;

        var read = () => RateLimitTable.From(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());

        read.Should().Throw<StartupConfigurationException>().WithMessage(message + "*");
    }
}
