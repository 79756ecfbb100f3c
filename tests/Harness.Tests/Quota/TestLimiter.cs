namespace Harness.Tests.Quota;

/// <summary>A per-key limiter for the test app: a fixed window from the key's first request, or a continuously refilled token bucket.</summary>
public sealed class TestLimiter(LimiterKind kind, int limit, TimeSpan window)
{
    private readonly Dictionary<string, (DateTime Start, double Value)> state = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    public int Limit => limit;

    public Decision Acquire(string key)
    {
        var now = DateTime.UtcNow;
        lock (gate)
        {
            return kind == LimiterKind.FixedWindow ? Window(key, now) : Bucket(key, now);
        }
    }

    private Decision Window(string key, DateTime now)
    {
        // Value: requests admitted in the window that started at Start.
        if (!state.TryGetValue(key, out var current) || now >= current.Start + window)
        {
            current = (now, 0);
        }

        var admitted = current.Value < limit;
        current.Value += admitted ? 1 : 0;
        state[key] = current;
        return new Decision(admitted, limit - (int)current.Value, current.Start + window - now);
    }

    private Decision Bucket(string key, DateTime now)
    {
        // Value: tokens at Start; refilled at limit per window, up to limit.
        var rate = limit / window.TotalSeconds;
        var (start, tokens) = state.TryGetValue(key, out var current) ? current : (now, limit);
        tokens = Math.Min(limit, tokens + ((now - start).TotalSeconds * rate));
        var admitted = tokens >= 1;
        tokens -= admitted ? 1 : 0;
        state[key] = (now, tokens);
        var untilNext = tokens >= 1 ? TimeSpan.Zero : TimeSpan.FromSeconds((1 - tokens) / rate);
        return new Decision(admitted, (int)Math.Floor(tokens), untilNext);
    }

    /// <summary>Whether the request is admitted, how many are left, and how long until the next one can be.</summary>
    public readonly record struct Decision(bool Admitted, int Remaining, TimeSpan Reset);
}
