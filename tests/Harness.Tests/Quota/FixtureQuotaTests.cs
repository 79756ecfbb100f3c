using FluentAssertions;
using Harness.Manifest;
using Harness.Running;
using Harness.Scenarios.Quota;
using Harness.Targets;
using Harness.Tests.Idor;
using Harness.Tests.Infrastructure;

namespace Harness.Tests.Quota;

/// <summary>
/// The quota family against the bundled targets as real processes, their rate limits switched on as their manifests do:
/// the clean sample and the clean Node service pass, and each planted quota flaw is found by its rule and no other.
/// </summary>
public sealed class FixtureQuotaTests(PostgresFixture postgres)
{
    public static TheoryData<string, string> SampleFlaws => new()
    {
        { "quota-global-bucket", "QUO002" },
        { "quota-ip-key", "QUO002" },
        { "quota-header-key", "QUO003" },
        { "quota-503", "QUO004" },
        { "quota-no-retry-after", "QUO005" },
        { "quota-whole-window-retry-after", "QUO006" },
        { "quota-limit-5x", "QUO007" },
    };

    public static TheoryData<string, string> NodeFlaws => new()
    {
        { "node-quota-global-bucket", "QUO002" },
        { "node-quota-no-retry-after", "QUO005" },
    };

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_clean_sample_passes_every_declared_limit()
    {
        var manifest = await InProcessIdorTests.ManifestAsync();

        var result = await RunAsync(HttpTargets.Sample(rateLimits: true), manifest, Options(manifest, firstLimitOnly: false));

        ShouldPass(result);
        result.Checks.Select(c => c.Subject).Distinct().Should().HaveCount(3, "the sample declares three limits");
    }

    [Theory]
    [MemberData(nameof(SampleFlaws))]
    public async Task Each_sample_quota_flaw_is_found_by_its_rule(string flaw, string rule)
    {
        var manifest = await InProcessIdorTests.ManifestAsync();

        var result = await RunAsync(HttpTargets.Sample(flaw, rateLimits: true), manifest, Options(manifest, firstLimitOnly: true));

        result.Findings.Select(f => f.Rule.Id).Distinct().Should().Equal([rule], flaw + ":\n" + Describe(result));
    }

    [Fact]
    public async Task The_clean_node_target_passes()
    {
        await HttpTargets.EnsureNodeAsync(Token);
        var manifest = await HttpTargets.NodeManifestAsync(Token);

        var result = await RunAsync(HttpTargets.Node(rateLimits: true), manifest, Options(manifest, firstLimitOnly: false));

        ShouldPass(result);
    }

    [Theory]
    [MemberData(nameof(NodeFlaws))]
    public async Task Each_node_quota_flaw_is_found_by_its_rule(string flaw, string rule)
    {
        await HttpTargets.EnsureNodeAsync(Token);
        var manifest = await HttpTargets.NodeManifestAsync(Token);

        var result = await RunAsync(HttpTargets.Node(flaw, rateLimits: true), manifest, Options(manifest, firstLimitOnly: true));

        result.Findings.Select(f => f.Rule.Id).Distinct().Should().Equal([rule], flaw + ":\n" + Describe(result));
    }

    private static void ShouldPass(ScenarioResult result)
    {
        result.Error.Should().BeNull();
        result.Findings.Should().BeEmpty(Describe(result));
        result.Checks.Where(c => c.Rule.Id is "QUO001" or "QUO002" or "QUO004" or "QUO005" or "QUO006" or "QUO007")
            .Should().OnlyContain(c => c.Covered, "every core check of a tenant-keyed limit judges the clean app: " + Describe(result));
    }

    /// <summary>The manifest's quota section; the flaws live in the limiter every limit shares, so the first limit shows them.</summary>
    private static QuotaOptions Options(HarnessManifest manifest, bool firstLimitOnly)
    {
        var options = manifest.Section<QuotaOptions>(QuotaScenario.ScenarioId) ?? throw new InvalidOperationException("the manifest declares no quota");
        return firstLimitOnly ? options with { Limits = [options.Limits[0]] } : options;
    }

    private async Task<ScenarioResult> RunAsync(ITargetHost host, HarnessManifest manifest, QuotaOptions options)
    {
        // Five tenants: the flooder, a neighbour, the spoof victim and its control, and one untouched for the effective limit.
        var sample = await IdorSample.CreateAsync(postgres, tenants: 6, cancellationToken: Token);
        await using var running = await host.StartAsync(sample.Database, Token);
        var credentials = await TargetSetup.CredentialsForAsync(manifest, cancellationToken: Token);
        var context = new ScenarioContext(
            sample.Sample.Model, sample.Sample.Catalog, sample.Sample.Schema, sample.Sample.ConnectionString, sample.AppConnectionString,
            sample.Ledger, new IdorSample.Output())
        {
            Options = options,
        }.WithTarget(new TargetContext(running, credentials!, manifest.Endpoints!) { ManifestPath = manifest.SourcePath });
        return await new QuotaScenario().RunAsync(context, Token);
    }

    private static string Describe(ScenarioResult result) => string.Join("\n", result.Checks.Select(c =>
        $"{c.Rule.Id} {c.Subject}: {(c.NotCovered is { } why ? "not covered: " + why : c.Findings.Count == 0 ? "passed" : string.Join("; ", c.Findings.Select(f => f.Message)))}"));
}
