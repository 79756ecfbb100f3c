using System.Globalization;

namespace Harness.Scenarios.Quota;

/// <summary>
/// A <c>Retry-After</c> field as RFC 9110 §10.2.3 defines it: <c>HTTP-date / delay-seconds</c>, delay-seconds being a
/// non-negative decimal integer. An HTTP-date is turned into a delay against the answer's own <c>Date</c> (the clock it was
/// written with), else the time it was received.
/// </summary>
/// <param name="Raw">The field as received.</param>
/// <param name="Delay">The advertised delay, or null when the field is not valid.</param>
internal readonly record struct RetryAfterValue(string Raw, TimeSpan? Delay)
{
    /// <summary>The three date forms a recipient must accept (RFC 9110 §5.6.7): IMF-fixdate, the obsolete RFC 850 form and asctime.</summary>
    private static readonly string[] DateFormats =
    [
        "ddd, dd MMM yyyy HH:mm:ss 'GMT'",
        "dddd, dd-MMM-yy HH:mm:ss 'GMT'",
        "ddd MMM d HH:mm:ss yyyy",
        "ddd MMM  d HH:mm:ss yyyy",
    ];

    public bool IsValid => Delay is not null;

    /// <summary>The field parsed; <paramref name="date"/> is the answer's Date field (or null), <paramref name="received"/> when it arrived.</summary>
    public static RetryAfterValue Parse(string raw, DateTimeOffset? date, DateTimeOffset received)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var text = raw.Trim();
        if (text.Length > 0 && text.Length <= 10 && text.All(char.IsAsciiDigit))
        {
            return new RetryAfterValue(raw, TimeSpan.FromSeconds(long.Parse(text, CultureInfo.InvariantCulture)));
        }

        if (ParseDate(text) is { } at)
        {
            var delay = at - (date ?? received);
            return new RetryAfterValue(raw, delay < TimeSpan.Zero ? TimeSpan.Zero : delay);
        }

        return new RetryAfterValue(raw, null);
    }

    /// <summary>An HTTP-date in any of its three forms, or null.</summary>
    public static DateTimeOffset? ParseDate(string text) =>
        DateTime.TryParseExact(text.Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at)
            ? new DateTimeOffset(at, TimeSpan.Zero)
            : null;
}
