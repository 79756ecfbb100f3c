extern alias SampleApp;

using System.Threading.RateLimiting;
using FluentAssertions;
using Flaws = SampleApp::SampleTarget.Configuration.Flaws;
using RateLimitSetup = SampleApp::SampleTarget.RateLimiting.RateLimitSetup;
using WindowLimiter = SampleApp::SampleTarget.RateLimiting.WindowLimiter;

namespace Harness.Tests.Fixtures.Quota;

/// <summary>The sample's fixed-window limiter on a manual clock: the limit per window, and a Retry-After of the time left.</summary>
public sealed class WindowLimiterTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(4);

    [Fact]
    public void It_admits_the_limit_then_refuses_with_the_time_left_in_the_window()
    {
        var clock = new ManualClock();
        using var limiter = new WindowLimiter(3, Window, clock);

        Enumerable.Range(0, 3).Select(_ => limiter.AttemptAcquire().IsAcquired).ToList().Should().AllBeEquivalentTo(true);
        clock.Advance(TimeSpan.FromMilliseconds(1500));
        using var refused = limiter.AttemptAcquire();

        refused.IsAcquired.Should().BeFalse();
        refused.TryGetMetadata(MetadataName.RetryAfter, out var left).Should().BeTrue();
        left.Should().Be(TimeSpan.FromMilliseconds(2500));
        refused.TryGetMetadata(WindowLimiter.WindowMetadata, out var window).Should().BeTrue();
        window.Should().Be(Window);
    }

    [Fact]
    public void A_request_at_the_advertised_time_is_admitted_and_one_just_before_is_not()
    {
        var clock = new ManualClock();
        using var limiter = new WindowLimiter(1, Window, clock);
        limiter.AttemptAcquire().IsAcquired.Should().BeTrue();
        clock.Advance(TimeSpan.FromMilliseconds(700));
        limiter.AttemptAcquire().TryGetMetadata(MetadataName.RetryAfter, out var left).Should().BeTrue();

        clock.Advance(left - TimeSpan.FromMilliseconds(1));
        limiter.AttemptAcquire().IsAcquired.Should().BeFalse();
        clock.Advance(TimeSpan.FromMilliseconds(1));
        limiter.AttemptAcquire().IsAcquired.Should().BeTrue("the window the refusal pointed at has begun");
    }

    [Fact]
    public void It_is_idle_only_once_its_window_has_ended_so_the_partitioned_limiter_can_drop_it()
    {
        var clock = new ManualClock();
        using var limiter = new WindowLimiter(5, Window, clock);
        limiter.AttemptAcquire().IsAcquired.Should().BeTrue();

        limiter.IdleDuration.Should().BeNull();
        clock.Advance(Window + TimeSpan.FromSeconds(3));
        limiter.IdleDuration.Should().Be(TimeSpan.FromSeconds(3));
    }

    [Theory]
    [InlineData(2500, 3)]
    [InlineData(4000, 4)]
    [InlineData(1, 1)]
    [InlineData(999, 1)]
    [InlineData(1001, 2)]
    public void Retry_after_is_the_time_left_rounded_up_to_whole_seconds(int leftMs, long seconds)
    {
        var clock = new ManualClock();
        using var limiter = new WindowLimiter(1, Window, clock);
        limiter.AttemptAcquire();
        clock.Advance(Window - TimeSpan.FromMilliseconds(leftMs));
        using var refused = limiter.AttemptAcquire();

        RateLimitSetup.RetryAfterSeconds(refused, new Flaws(null)).Should().Be(seconds);
    }

    [Fact]
    public void The_whole_window_flaw_advertises_the_window_and_the_no_retry_after_flaw_nothing()
    {
        var clock = new ManualClock();
        using var limiter = new WindowLimiter(1, Window, clock);
        limiter.AttemptAcquire();
        clock.Advance(TimeSpan.FromSeconds(3));
        using var refused = limiter.AttemptAcquire();

        RateLimitSetup.RetryAfterSeconds(refused, new Flaws(null)).Should().Be(1);
        RateLimitSetup.RetryAfterSeconds(refused, new Flaws(Flaws.QuotaWholeWindowRetryAfter)).Should().Be(4);
        RateLimitSetup.RetryAfterSeconds(refused, new Flaws(Flaws.QuotaNoRetryAfter)).Should().BeNull();
    }
}
