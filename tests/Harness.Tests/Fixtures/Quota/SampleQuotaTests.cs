extern alias SampleApp;

using System.Net;
using FluentAssertions;
using Harness.Tests.Infrastructure;
using Flaws = SampleApp::SampleTarget.Configuration.Flaws;

namespace Harness.Tests.Fixtures.Quota;

/// <summary>
/// The sample's rate limits in-process on a manual clock (appsettings.json: GET /sites and GET /sites/{siteId} 20 per 4 s
/// per tenant, the CSV export 3 per 10 s per tenant, a site's sign-ins 10 per 4 s per site), clean and with each planted
/// quota flaw. The clock moves only when the test moves it, so every Retry-After is checked exactly.
/// </summary>
public sealed class SampleQuotaTests(PostgresFixture postgres)
{
    private const int ReadsLimit = 20;
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_tenant_over_its_limit_gets_429_with_the_time_left_while_another_is_unaffected_and_it_is_admitted_once_the_window_ends()
    {
        var clock = new ManualClock();
        await using var sample = await QuotaTarget.SampleInProcessAsync(postgres, clock: clock, cancellationToken: Token);
        var a = QuotaTarget.NewTenant();
        var b = QuotaTarget.NewTenant();

        (await sample.GetManyAsync(ReadsLimit, "/sites", a, Token)).Select(r => r.Status).Should().AllBeEquivalentTo(HttpStatusCode.OK);
        var refused = await sample.GetAsync("/sites", a, Token);
        refused.Status.Should().Be(HttpStatusCode.TooManyRequests);
        refused.RetryAfter.Should().Be("4", "the whole window is left when the refusal comes at its start");

        clock.Advance(TimeSpan.FromMilliseconds(1500));
        var later = await sample.GetAsync("/sites", a, Token);
        later.Status.Should().Be(HttpStatusCode.TooManyRequests);
        later.RetryAfterSeconds.Should().BeInRange(2.5, 3.5, "2.5 s are left, rounded up");

        (await sample.GetManyAsync(ReadsLimit, "/sites", b, Token)).Select(r => r.Status).Should().AllBeEquivalentTo(HttpStatusCode.OK, "B has its own bucket");

        clock.Advance(TimeSpan.FromMilliseconds(2500));
        (await sample.GetAsync("/sites", a, Token)).Status.Should().Be(HttpStatusCode.OK, "the Retry-After has passed");
    }

    [Fact]
    public async Task The_list_and_the_item_share_one_bucket_while_health_and_anonymous_requests_are_not_limited()
    {
        await using var sample = await QuotaTarget.SampleInProcessAsync(postgres, clock: new ManualClock(), cancellationToken: Token);
        var a = QuotaTarget.NewTenant();

        (await sample.GetManyAsync(ReadsLimit / 2, "/sites", a, Token)).Should().OnlyContain(r => r.Status == HttpStatusCode.OK);
        (await sample.GetManyAsync(ReadsLimit / 2, $"/sites/{Guid.NewGuid()}", a, Token)).Should().OnlyContain(r => r.Status == HttpStatusCode.NotFound);
        (await sample.GetAsync($"/sites/{Guid.NewGuid()}", a, Token)).Status.Should().Be(HttpStatusCode.TooManyRequests);
        (await sample.GetAsync("/sites", a, Token)).Status.Should().Be(HttpStatusCode.TooManyRequests);

        for (var i = 0; i < ReadsLimit + 5; i++)
        {
            (await sample.GetAsync("/health", null, Token)).Status.Should().Be(HttpStatusCode.OK);
            (await sample.GetAsync("/sites", null, Token)).Status.Should().Be(HttpStatusCode.Unauthorized);
        }
    }

    [Fact]
    public async Task A_sites_sign_ins_are_limited_per_site_and_the_export_per_tenant_with_their_own_numbers()
    {
        await using var sample = await QuotaTarget.SampleInProcessAsync(postgres, clock: new ManualClock(), cancellationToken: Token);
        var a = QuotaTarget.NewTenant();
        var b = QuotaTarget.NewTenant();
        var site = $"/sites/{Guid.NewGuid()}/sign-ins";

        (await sample.GetManyAsync(10, site, a, Token)).Should().OnlyContain(r => !r.Throttled);
        (await sample.GetAsync(site, a, Token)).Status.Should().Be(HttpStatusCode.TooManyRequests);
        (await sample.GetAsync(site, b, Token)).Status.Should().Be(HttpStatusCode.TooManyRequests, "the bucket is the site's, whoever asks");
        (await sample.GetAsync($"/sites/{Guid.NewGuid()}/sign-ins", a, Token)).Throttled.Should().BeFalse("another site has its own bucket");

        (await sample.GetManyAsync(3, "/exports/sign-ins.csv", a, Token)).Should().OnlyContain(r => !r.Throttled);
        var export = await sample.GetAsync("/exports/sign-ins.csv", a, Token);
        export.Status.Should().Be(HttpStatusCode.TooManyRequests);
        export.RetryAfter.Should().Be("10");
        (await sample.GetAsync("/exports/sign-ins.csv", b, Token)).Throttled.Should().BeFalse();
    }

    [Fact]
    public async Task Global_bucket_throttles_a_neighbour_under_its_own_quota()
    {
        await using var sample = await QuotaTarget.SampleInProcessAsync(postgres, Flaws.QuotaGlobalBucket, new ManualClock(), cancellationToken: Token);

        await sample.GetManyAsync(ReadsLimit, "/sites", QuotaTarget.NewTenant(), Token);

        (await sample.GetAsync("/sites", QuotaTarget.NewTenant(), Token)).Status.Should().Be(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Header_key_lets_a_caller_drain_the_tenant_its_header_names()
    {
        await using var sample = await QuotaTarget.SampleInProcessAsync(postgres, Flaws.QuotaHeaderKey, new ManualClock(), cancellationToken: Token);
        var a = QuotaTarget.NewTenant();
        var b = QuotaTarget.NewTenant();

        (await sample.GetManyAsync(ReadsLimit, "/sites", a, Token, ("X-Company-Id", b.Id))).Should().OnlyContain(r => r.Status == HttpStatusCode.OK);

        (await sample.GetAsync("/sites", b, Token)).Status.Should().Be(HttpStatusCode.TooManyRequests, "A spent B's quota by naming B");
        (await sample.GetAsync("/sites", QuotaTarget.NewTenant(), Token)).Status.Should().Be(HttpStatusCode.OK, "a tenant nobody named is not touched");
        (await sample.GetAsync("/sites", a, Token)).Status.Should().Be(HttpStatusCode.OK, "A's own bucket was never used");
    }

    [Fact]
    public async Task Header_key_is_absent_from_the_clean_sample()
    {
        await using var sample = await QuotaTarget.SampleInProcessAsync(postgres, clock: new ManualClock(), cancellationToken: Token);
        var a = QuotaTarget.NewTenant();
        var b = QuotaTarget.NewTenant();

        await sample.GetManyAsync(ReadsLimit, "/sites", a, Token, ("X-Company-Id", b.Id));

        (await sample.GetAsync("/sites", b, Token)).Status.Should().Be(HttpStatusCode.OK);
        (await sample.GetAsync("/sites", a, Token, ("X-Company-Id", b.Id))).Status.Should().Be(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Ip_key_throttles_a_neighbour_on_the_same_address()
    {
        await using var sample = await QuotaTarget.SampleInProcessAsync(postgres, Flaws.QuotaIpKey, new ManualClock(), cancellationToken: Token);

        await sample.GetManyAsync(ReadsLimit, "/sites", QuotaTarget.NewTenant(), Token);

        (await sample.GetAsync("/sites", QuotaTarget.NewTenant(), Token)).Status.Should().Be(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Quota_503_answers_a_throttled_request_with_503()
    {
        await using var sample = await QuotaTarget.SampleInProcessAsync(postgres, Flaws.Quota503, new ManualClock(), cancellationToken: Token);
        var a = QuotaTarget.NewTenant();

        (await sample.GetManyAsync(ReadsLimit, "/sites", a, Token)).Should().OnlyContain(r => r.Status == HttpStatusCode.OK);

        (await sample.GetAsync("/sites", a, Token)).Status.Should().Be(HttpStatusCode.ServiceUnavailable);
    }

    [Fact]
    public async Task No_retry_after_refuses_without_saying_when()
    {
        await using var sample = await QuotaTarget.SampleInProcessAsync(postgres, Flaws.QuotaNoRetryAfter, new ManualClock(), cancellationToken: Token);
        var a = QuotaTarget.NewTenant();
        await sample.GetManyAsync(ReadsLimit, "/sites", a, Token);

        var refused = await sample.GetAsync("/sites", a, Token);

        refused.Status.Should().Be(HttpStatusCode.TooManyRequests);
        refused.RetryAfter.Should().BeNull();
    }

    [Fact]
    public async Task Whole_window_retry_after_advertises_the_window_instead_of_the_time_left()
    {
        var clock = new ManualClock();
        await using var sample = await QuotaTarget.SampleInProcessAsync(postgres, Flaws.QuotaWholeWindowRetryAfter, clock, cancellationToken: Token);
        var a = QuotaTarget.NewTenant();
        await sample.GetManyAsync(ReadsLimit, "/sites", a, Token);

        clock.Advance(TimeSpan.FromSeconds(3));
        var refused = await sample.GetAsync("/sites", a, Token);
        refused.Status.Should().Be(HttpStatusCode.TooManyRequests);
        refused.RetryAfter.Should().Be("4", "the flaw reports the window, though 1 s is left");

        clock.Advance(TimeSpan.FromSeconds(1));
        (await sample.GetAsync("/sites", a, Token)).Status.Should().Be(HttpStatusCode.OK, "admitted long before the advertised 4 s");
    }

    [Fact]
    public async Task Limit_5x_admits_five_times_the_configured_limit()
    {
        await using var sample = await QuotaTarget.SampleInProcessAsync(postgres, Flaws.QuotaLimit5x, new ManualClock(), cancellationToken: Token);
        var a = QuotaTarget.NewTenant();

        (await sample.GetManyAsync(5 * ReadsLimit, "/sites", a, Token)).Should().OnlyContain(r => r.Status == HttpStatusCode.OK);

        (await sample.GetAsync("/sites", a, Token)).Status.Should().Be(HttpStatusCode.TooManyRequests);
    }
}
