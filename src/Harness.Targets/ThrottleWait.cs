namespace Harness.Targets;

/// <summary>
/// How long <see cref="TargetClient"/> waits before sending a throttled (429) request again: the answer's Retry-After
/// (delay-seconds or an HTTP-date), or, without one, 250 ms doubling per attempt; at most <see cref="MaxAttempts"/> waits
/// and <see cref="Budget"/> in all per request, after which the 429 is returned as it is.
/// </summary>
public static class ThrottleWait
{
    /// <summary>Waits per request before the 429 is returned.</summary>
    public const int MaxAttempts = 6;

    /// <summary>The most one request waits in all.</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(250);

    /// <summary>The wait before the next attempt, or null when the budget or the attempts are spent.</summary>
    /// <param name="attempt">How many waits came before (0 for the first 429).</param>
    /// <param name="waited">How long this request has waited so far.</param>
    public static TimeSpan? Next(HttpResponseMessage response, int attempt, TimeSpan waited)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (attempt >= MaxAttempts)
        {
            return null;
        }

        var advertised = response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - (response.Headers.Date ?? DateTimeOffset.UtcNow),
            _ => (TimeSpan?)null,
        };
        var wait = advertised is { } value && value > TimeSpan.Zero ? value : FirstBackoff * (1 << attempt);
        // A few milliseconds past the advertised moment, so a window that ends exactly then has ended.
        wait += TimeSpan.FromMilliseconds(20);
        return waited + wait <= Budget ? wait : null;
    }
}
