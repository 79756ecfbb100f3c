using FluentAssertions;
using Harness.Running;
using Harness.Scenarios.Quota;

namespace Harness.Tests.Quota;

/// <summary>
/// The quota family against small in-process apps: two differently built clean limiters (a fixed window and a token bucket,
/// each with an accurate Retry-After) give no finding over several seeds, and each planted limiter flaw is found with its rule.
/// </summary>
public sealed class QuotaFlawTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(2);
    private const int Limit = 10;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(LimiterKind.FixedWindow, 1)]
    [InlineData(LimiterKind.FixedWindow, 2)]
    [InlineData(LimiterKind.FixedWindow, 3)]
    [InlineData(LimiterKind.TokenBucket, 1)]
    [InlineData(LimiterKind.TokenBucket, 2)]
    [InlineData(LimiterKind.TokenBucket, 3)]
    public async Task A_clean_limiter_gives_no_finding_and_every_check_is_judged(LimiterKind kind, int seed)
    {
        await using var app = await QuotaTestApp.StartAsync(kind, Limit, Window, rateLimitFields: true, cancellationToken: Token);

        var result = await QuotaRun.RunAsync(app, QuotaRun.Options(Limit, Window, rateLimitHeaders: true), seed, cancellationToken: Token);

        result.Error.Should().BeNull();
        result.Findings.Should().BeEmpty(string.Join("\n", result.Findings.Select(f => $"{f.Rule.Id} {f.Message} | {f.Evidence}")));
        result.Checks.Select(c => c.Rule.Id).Should().Equal(QuotaRules.All.Select(r => r.Id));
        result.NotCovered.Should().BeEmpty(string.Join("\n", result.NotCovered.Select(c => $"{c.Rule.Id}: {c.NotCovered}")));
        result.Metrics.Should().Contain(m => m.Name == "effective limit" && Math.Abs(m.Value - Limit) <= 1);
        result.Series.Should().HaveCount(2).And.OnlyContain(s => s.Chart == "Retry-After advertised vs observed" && s.Points.Count > 0);
    }

    [Theory]
    [InlineData(QuotaFlaw.NoLimit, "QUO001")]
    [InlineData(QuotaFlaw.GlobalBucket, "QUO002")]
    [InlineData(QuotaFlaw.HeaderKey, "QUO003")]
    [InlineData(QuotaFlaw.Status503, "QUO004")]
    [InlineData(QuotaFlaw.NoRetryAfter, "QUO005")]
    [InlineData(QuotaFlaw.MalformedRetryAfter, "QUO005")]
    [InlineData(QuotaFlaw.WholeWindowRetryAfter, "QUO006")]
    [InlineData(QuotaFlaw.UnderRetryAfter, "QUO006")]
    [InlineData(QuotaFlaw.FiveTimesLimit, "QUO007")]
    [InlineData(QuotaFlaw.StuckRateLimitFields, "QUO008")]
    public async Task Each_planted_limiter_flaw_is_found_with_its_rule(QuotaFlaw flaw, string rule)
    {
        // A Retry-After that lies by the whole window, or says 0, shows only beyond the 1 s rounding margin: a longer window.
        var window = flaw is QuotaFlaw.WholeWindowRetryAfter or QuotaFlaw.UnderRetryAfter ? TimeSpan.FromSeconds(4) : Window;
        await using var app = await QuotaTestApp.StartAsync(LimiterKind.FixedWindow, Limit, window, flaw, rateLimitFields: flaw == QuotaFlaw.StuckRateLimitFields, Token);

        var result = await QuotaRun.RunAsync(app, QuotaRun.Options(Limit, window), cancellationToken: Token);

        result.Error.Should().BeNull();
        var finding = result.Findings.Should().Contain(f => f.Rule.Id == rule, string.Join("\n", result.Findings.Select(f => $"{f.Rule.Id} {f.Message}"))).Which;
        finding.Scenario.Should().Be("quota");
        finding.Subject.Should().Be("items");
        finding.Evidence.Should().NotBeNullOrWhiteSpace();
        if (rule != "QUO008")
        {
            finding.Reproduction.Should().Contain("harness token").And.Contain("/items");
        }

        if (rule is "QUO002" or "QUO003")
        {
            finding.Tenants.Should().NotBeNull();
            finding.Tenants!.Attacker.Should().NotBe(finding.Tenants.Victim);
        }
    }

    [Fact]
    public async Task A_flaw_is_reported_by_its_own_rule_alone()
    {
        await using var app = await QuotaTestApp.StartAsync(LimiterKind.TokenBucket, Limit, Window, QuotaFlaw.Status503, cancellationToken: Token);

        var result = await QuotaRun.RunAsync(app, QuotaRun.Options(Limit, Window), cancellationToken: Token);

        result.Findings.Select(f => f.Rule.Id).Should().Equal("QUO004");
    }

    [Fact]
    public async Task An_ip_key_leaves_the_neighbour_and_spoof_checks_not_covered_and_says_why()
    {
        await using var app = await QuotaTestApp.StartAsync(LimiterKind.FixedWindow, Limit, Window, rateLimitFields: true, cancellationToken: Token);
        var options = QuotaRun.Options(Limit, Window);
        options = options with { Limits = [options.Limits[0] with { Key = new QuotaKey(QuotaKeyKind.Ip) }] };

        var result = await QuotaRun.RunAsync(app, options, cancellationToken: Token);

        result.Findings.Should().BeEmpty();
        result.NotCovered.Select(c => c.Rule.Id).Should().BeEquivalentTo("QUO002", "QUO003");
        result.NotCovered.First().NotCovered.Should().Contain("loopback");
    }

    [Fact]
    public async Task Named_without_limits_it_refuses_and_explains_the_quota_section()
    {
        await using var app = await QuotaTestApp.StartAsync(LimiterKind.FixedWindow, Limit, Window, cancellationToken: Token);

        var run = () => QuotaRun.RunAsync(app, new QuotaOptions(), cancellationToken: Token);

        (await run.Should().ThrowAsync<QuotaException>()).WithMessage("*'quota' section*limits:*window:*");
        ((IScenario)new QuotaScenario()).IsConfigured(new QuotaOptions()).Should().BeFalse();
        ((IScenario)new QuotaScenario()).IsConfigured(QuotaRun.Options(Limit, Window)).Should().BeTrue();
    }
}
