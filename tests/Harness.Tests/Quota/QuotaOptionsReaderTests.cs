using FluentAssertions;
using Harness.Manifest;
using Harness.Runner;
using Harness.Scenarios.Quota;

namespace Harness.Tests.Quota;

/// <summary>The manifest's quota section: the documented syntax and defaults, and every bad value refused at its line and column.</summary>
public sealed class QuotaOptionsReaderTests
{
    private const string Head = "version: 1\ntenancy:\n  key: org_id\n  root: orgs\n  context:\n    setting: app.org_id\ndatabase:\n  appRole: app\n";

    private const int QuotaLine = 9;

    [Fact]
    public void The_documented_section_reads_with_its_defaults()
    {
        var options = Read("""
            quota:
              tolerance: 10%
              maxWait: 15s
              limits:
                - name: api-reads
                  endpoints:                  # a path parameter's braces need quotes in a [flow] list, or a block list
                    - GET /sites
                    - GET /sites/{siteId:guid}
                  limit: 20
                  window: 4s
                  burst: 2
                  key: tenant
                  status: 429
                  retryAfter: true
                  rateLimitHeaders: false
                - endpoints: post /exports
                  limit: 5
                  window: 1d
                  key: route:exportId
                  retryAfter: false
            """.Replace("key: route:exportId", "key: user", StringComparison.Ordinal));

        options.Tolerance.Should().Be(0.1);
        options.MaxWait.Should().Be(TimeSpan.FromSeconds(15));
        options.Limits.Should().HaveCount(2);
        var reads = options.Limits[0];
        reads.Name.Should().Be("api-reads");
        reads.Endpoints.Should().Equal(new QuotaEndpoint("GET", "/sites"), new QuotaEndpoint("GET", "/sites/{siteId}"));
        (reads.Limit, reads.Window, reads.Burst, reads.Capacity, reads.Status).Should().Be((20, TimeSpan.FromSeconds(4), 2, 22, 429));
        reads.Key.Should().Be(QuotaKey.Tenant);
        var exports = options.Limits[1];
        exports.Name.Should().Be("POST /exports", "a limit without a name takes its first endpoint's");
        (exports.Window, exports.Burst, exports.Status, exports.RetryAfter, exports.RateLimitHeaders).Should().Be((TimeSpan.FromDays(1), 0, 429, false, false));
        exports.Key.Kind.Should().Be(QuotaKeyKind.User);
    }

    [Theory]
    [InlineData("0.25", 0.25)]
    [InlineData("5%", 0.05)]
    [InlineData("0", 0.0)]
    public void Tolerance_takes_a_percentage_or_a_fraction(string text, double expected) =>
        Read($"quota:\n  tolerance: {text}\n").Tolerance.Should().BeApproximately(expected, 1e-9);

    [Theory]
    [InlineData("route:siteId", QuotaKeyKind.Route, "siteId")]
    [InlineData("site", QuotaKeyKind.Site, null)]
    [InlineData("ip", QuotaKeyKind.Ip, null)]
    public void Keys_name_a_route_parameter_of_the_first_endpoint(string key, QuotaKeyKind kind, string? parameter) =>
        Read($"quota:\n  limits:\n    - {{ endpoints: [\"GET /sites/{{siteId}}\"], limit: 3, window: 500ms, key: \"{key}\" }}\n").Limits[0].Key
            .Should().Be(new QuotaKey(kind, parameter));

    [Fact]
    public void No_section_or_no_limits_gives_an_unconfigured_family()
    {
        Read("").Limits.Should().BeEmpty();
        Read("quota:\n  maxWait: 1m\n").Limits.Should().BeEmpty();
    }

    [Theory]
    [InlineData("  tolerance: 150%\n", 10, 14, "'quota.tolerance' must be a percentage from 0% to 100%*not '150%'")]
    [InlineData("  tolerance: lots\n", 10, 14, "'quota.tolerance' must be a percentage*")]
    [InlineData("  maxWait: 15\n", 10, 12, "'quota.maxWait' must be a duration from 1s to 1h written as 500ms, 4s, 1m, 1h or 1d, not '15'")]
    [InlineData("  maxWait: 2h\n", 10, 12, "'quota.maxWait' must be a duration from 1s to 1h*")]
    [InlineData("  limit: 3\n", 10, 3, "unknown key 'quota.limit'; valid keys here are: tolerance, maxWait, limits")]
    [InlineData("  limits: { endpoints: [GET /a] }\n", 10, 11, "'quota.limits' must be a list of limits*")]
    [InlineData("  limits:\n    - { endpoints: [GET /a], limit: 3, window: 1s, windows: 2s }\n", 11, 52, "unknown key 'quota.limits[0].windows'; valid keys here are: name, endpoints, limit, window, burst, key, status, retryAfter, rateLimitHeaders")]
    [InlineData("  limits:\n    - { endpoints: [/a], limit: 3, window: 1s }\n", 11, 20, "'/a' in 'quota.limits[0].endpoints' is not \"METHOD /path\"*")]
    [InlineData("  limits:\n    - { endpoints: [FETCH /a], limit: 3, window: 1s }\n", 11, 20, "'FETCH /a' in 'quota.limits[0].endpoints' is not \"METHOD /path\"*")]
    [InlineData("  limits:\n    - { endpoints: [], limit: 3, window: 1s }\n", 11, 20, "'quota.limits[0].endpoints' needs at least one endpoint*")]
    [InlineData("  limits:\n    - { limit: 3, window: 1s }\n", 11, 7, "missing 'quota.limits[0].endpoints'*")]
    [InlineData("  limits:\n    - { endpoints: [GET /a], window: 1s }\n", 11, 7, "missing 'quota.limits[0].limit'*")]
    [InlineData("  limits:\n    - { endpoints: [GET /a], limit: 0, window: 1s }\n", 11, 37, "'quota.limits[0].limit' must be a whole number from 1 to 1000000")]
    [InlineData("  limits:\n    - { endpoints: [GET /a], limit: 3 }\n", 11, 7, "missing 'quota.limits[0].window'*")]
    [InlineData("  limits:\n    - { endpoints: [GET /a], limit: 3, window: 100ms }\n", 11, 48, "'quota.limits[0].window' must be a duration from 250ms to 1d*not '100ms'")]
    [InlineData("  limits:\n    - { endpoints: [GET /a], limit: 3, window: 2d }\n", 11, 48, "'quota.limits[0].window' must be a duration from 250ms to 1d*")]
    [InlineData("  limits:\n    - { endpoints: [GET /a], limit: 3, window: 4 s }\n", 11, 48, "'quota.limits[0].window' must be a duration*not '4 s'")]
    [InlineData("  limits:\n    - { endpoints: [GET /a], limit: 3, window: 1s, burst: -1 }\n", 11, 59, "'quota.limits[0].burst' must be a whole number from 0 to 1000000")]
    [InlineData("  limits:\n    - { endpoints: [GET /a], limit: 3, window: 1s, key: org }\n", 11, 57, "'quota.limits[0].key' must be tenant, user, ip, site or route:<param>*not 'org'")]
    [InlineData("  limits:\n    - { endpoints: [GET /a], limit: 3, window: 1s, key: site }\n", 11, 57, "'quota.limits[0].key: site' keys by the first route parameter, but GET /a has none*")]
    [InlineData("  limits:\n    - { endpoints: [\"GET /a/{id}\"], limit: 3, window: 1s, key: \"route:siteId\" }\n", 11, 64, "'quota.limits[0].key: route:siteId' names no route parameter of GET /a/{id} (it has id)")]
    [InlineData("  limits:\n    - { endpoints: [GET /a], limit: 3, window: 1s, status: 200 }\n", 11, 60, "'quota.limits[0].status' must be a whole number from 400 to 599")]
    [InlineData("  limits:\n    - { endpoints: [GET /a], limit: 3, window: 1s, retryAfter: yes }\n", 11, 64, "'quota.limits[0].retryAfter' must be true or false")]
    [InlineData("  limits:\n    - { endpoints: [GET /a], limit: 3, window: 1s }\n    - { endpoints: [GET /a], limit: 5, window: 1s }\n", 12, 7, "two limits are named 'GET /a'*")]
    public void A_bad_value_is_refused_at_its_line_and_column(string section, int line, int column, string message)
    {
        var read = () => Read("quota:\n" + section);

        var error = read.Should().Throw<ManifestException>().Which;
        error.Message.Should().Match($"/x/harness.yaml:{line}:{column}: {message}");
        (error.Line, error.Column).Should().Be((line, column));
    }

    private static QuotaOptions Read(string section)
    {
        var manifest = ScenarioRegistry.Default.ParseManifest(Head + section, "/x/harness.yaml");
        QuotaLine.Should().Be(Head.Count(c => c == '\n') + 1);
        return manifest.Sections.GetValueOrDefault("quota") as QuotaOptions ?? new QuotaOptions();
    }
}
