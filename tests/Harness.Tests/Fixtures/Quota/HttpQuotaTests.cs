using System.Net;
using FluentAssertions;
using Harness.Tests.Idor;
using Harness.Tests.Infrastructure;

namespace Harness.Tests.Fixtures.Quota;

/// <summary>
/// The two bundled targets as processes on loopback ports, on the real clock: the sample's dll and the Node service, each
/// limiting GET /sites to 20 requests per 4 s per tenant when their limits are on (as harness.yaml's targets start them);
/// the Node target's planted quota flaws, and the limits off by default.
/// </summary>
public sealed class HttpQuotaTests(PostgresFixture postgres)
{
    private const int Limit = 20;
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(4);
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_sample_process_throttles_only_the_noisy_tenant_with_an_accurate_retry_after()
    {
        await using var sample = await QuotaTarget.StartAsync(postgres, QuotaTarget.SampleProcess(), Token);

        await RealTimeQuota.ShouldThrottleOnlyTheNoisyTenantWithAnAccurateRetryAfterAsync(sample, "/sites", Limit, Window, Token);
    }

    [Fact]
    public async Task The_node_target_throttles_only_the_noisy_tenant_with_an_accurate_retry_after()
    {
        await HttpTargets.EnsureNodeAsync(Token);
        await using var node = await QuotaTarget.StartAsync(postgres, QuotaTarget.NodeProcess(), Token);

        await RealTimeQuota.ShouldThrottleOnlyTheNoisyTenantWithAnAccurateRetryAfterAsync(node, "/sites", Limit, Window, Token);
    }

    [Fact]
    public async Task Node_global_bucket_throttles_a_neighbour_under_its_own_quota()
    {
        await HttpTargets.EnsureNodeAsync(Token);
        await using var node = await QuotaTarget.StartAsync(postgres, QuotaTarget.NodeProcess("node-quota-global-bucket"), Token);

        await node.GetManyAsync(Limit, "/sites", QuotaTarget.NewTenant(), Token);

        (await node.GetAsync($"/sites/{Guid.NewGuid()}", QuotaTarget.NewTenant(), Token)).Status.Should().Be(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Node_no_retry_after_refuses_without_saying_when()
    {
        await HttpTargets.EnsureNodeAsync(Token);
        await using var node = await QuotaTarget.StartAsync(postgres, QuotaTarget.NodeProcess("node-quota-no-retry-after"), Token);
        var a = QuotaTarget.NewTenant();
        await node.GetManyAsync(Limit, "/sites", a, Token);

        var refused = await node.GetAsync("/sites", a, Token);

        refused.Status.Should().Be(HttpStatusCode.TooManyRequests);
        refused.RetryAfter.Should().BeNull();
    }

    [Fact]
    public async Task Without_the_switch_neither_target_limits_anything()
    {
        await HttpTargets.EnsureNodeAsync(Token);
        foreach (var host in new[] { HttpTargets.Sample(), HttpTargets.Node() })
        {
            await using var target = await QuotaTarget.StartAsync(postgres, host, Token);
            var a = QuotaTarget.NewTenant();

            (await target.GetManyAsync(Limit + 5, "/sites", a, Token)).Should().OnlyContain(r => r.Status == HttpStatusCode.OK, target.Running.Description);
        }
    }
}
