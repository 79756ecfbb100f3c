using System.Diagnostics;
using System.Net;
using FluentAssertions;

namespace Harness.Tests.Fixtures.Quota;

/// <summary>
/// The clean behaviour on a target running on the real clock: A over its limit gets 429 with a Retry-After between the time
/// left in its window and one second more (bounds taken from when A's first request and the refused one were sent and
/// answered), B is unaffected, and A is admitted once the Retry-After has passed (a bounded wait; the assertion is the status).
/// </summary>
public static class RealTimeQuota
{
    public static async Task ShouldThrottleOnlyTheNoisyTenantWithAnAccurateRetryAfterAsync(
        QuotaTarget target, string path, int limit, TimeSpan window, CancellationToken cancellationToken)
    {
        var a = QuotaTarget.NewTenant();
        var b = QuotaTarget.NewTenant();
        var clock = Stopwatch.StartNew();

        var first = await target.GetAsync(path, a, cancellationToken);
        var firstAnswered = clock.Elapsed;
        first.Status.Should().Be(HttpStatusCode.OK);
        (await target.GetManyAsync(limit - 1, path, a, cancellationToken)).Should().OnlyContain(r => r.Status == HttpStatusCode.OK);
        var refusedSent = clock.Elapsed;
        var refused = await target.GetAsync(path, a, cancellationToken);
        var refusedAnswered = clock.Elapsed;

        refused.Status.Should().Be(HttpStatusCode.TooManyRequests);
        if (refusedAnswered > window)
        {
            Assert.Skip($"the {limit} requests took {refusedAnswered.TotalSeconds:0.0} s, longer than the {window.TotalSeconds} s window: the machine is too busy to check the Retry-After");
        }
        var leastLeft = window - refusedAnswered;
        var mostLeft = firstAnswered + window - refusedSent;
        refused.RetryAfterSeconds.Should().BeInRange(
            Math.Floor(leastLeft.TotalSeconds), mostLeft.TotalSeconds + 1, "Retry-After is the time left in A's window, rounded up");

        (await target.GetAsync(path, b, cancellationToken)).Status.Should().Be(HttpStatusCode.OK, "B has its own bucket");

        await Task.Delay(TimeSpan.FromSeconds(refused.RetryAfterSeconds), cancellationToken);
        (await target.GetAsync(path, a, cancellationToken)).Status.Should().Be(HttpStatusCode.OK, "A waited as long as it was told");
    }
}
