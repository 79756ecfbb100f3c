using FluentAssertions;
using Harness.Scenarios.Quota;

namespace Harness.Tests.Quota;

/// <summary>Retry-After as RFC 9110 §10.2.3 defines it (delay-seconds or an HTTP-date in any of its three forms), and the IETF RateLimit fields.</summary>
public sealed class RetryAfterValueTests
{
    private static readonly DateTimeOffset Received = new(2026, 11, 30, 8, 49, 30, TimeSpan.Zero);

    [Theory]
    [InlineData("0", 0)]
    [InlineData("3", 3)]
    [InlineData(" 120 ", 120)]
    [InlineData("Mon, 30 Nov 2026 08:49:37 GMT", 7)]
    [InlineData("Monday, 30-Nov-26 08:49:37 GMT", 7)]
    [InlineData("Mon Nov 30 08:49:37 2026", 7)]
    [InlineData("Mon, 30 Nov 2026 08:49:00 GMT", 0)]
    public void Delay_seconds_and_http_dates_are_valid(string raw, int seconds)
    {
        var value = RetryAfterValue.Parse(raw, null, Received);

        value.IsValid.Should().BeTrue();
        value.Delay.Should().Be(TimeSpan.FromSeconds(seconds));
        value.Raw.Should().Be(raw);
    }

    [Fact]
    public void An_http_date_counts_from_the_answers_own_date()
    {
        var date = Received.AddSeconds(-10);

        RetryAfterValue.Parse("Mon, 30 Nov 2026 08:49:37 GMT", date, Received).Delay.Should().Be(TimeSpan.FromSeconds(17));
    }

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("2s")]
    [InlineData("3, 4")]
    [InlineData("99999999999")]
    [InlineData("2026-11-30T08:49:37Z")]
    [InlineData("Mon, 30 Nov 2026 08:49:37 UTC")]
    public void Anything_else_is_malformed(string raw) =>
        RetryAfterValue.Parse(raw, null, Received).IsValid.Should().BeFalse();

    [Fact]
    public void The_current_drafts_structured_fields_are_read()
    {
        var fields = RateLimitFields.From(new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["RateLimit-Policy"] = "\"burst\";q=100;w=10, \"daily\";q=1000;w=86400",
            ["RateLimit"] = "\"burst\";r=42;t=7",
        });

        fields.Should().Be(new RateLimitFields(100, 10, 42, 7));
    }

    [Fact]
    public void The_older_drafts_fields_are_read()
    {
        RateLimitFields.From(new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["RateLimit"] = "limit=20, remaining=3, reset=2" })
            .Should().Be(new RateLimitFields(20, null, 3, 2));
        RateLimitFields.From(new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["RateLimit-Limit"] = "20", ["RateLimit-Remaining"] = "0", ["RateLimit-Reset"] = "1" })
            .Should().Be(new RateLimitFields(20, null, 0, 1));
    }

    [Fact]
    public void No_fields_is_null() =>
        RateLimitFields.From(new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Retry-After"] = "3" }).Should().BeNull();
}
