using System.Globalization;

namespace Harness.Scenarios.Quota;

/// <summary>
/// The IETF RateLimit fields of one answer (draft-ietf-httpapi-ratelimit-headers): <c>RateLimit-Policy: "default";q=100;w=10</c>
/// (quota, window in seconds) and <c>RateLimit: "default";r=50;t=30</c> (remaining, seconds to reset), and the older drafts'
/// <c>RateLimit-Limit</c> / <c>RateLimit-Remaining</c> / <c>RateLimit-Reset</c> and <c>limit=, remaining=, reset=</c> forms.
/// Only the first policy or limit item is read.
/// </summary>
internal sealed record RateLimitFields(long? Quota, long? WindowSeconds, long? Remaining, long? Reset)
{
    public bool Any => Quota is not null || Remaining is not null || Reset is not null || WindowSeconds is not null;

    /// <summary>The fields from an answer's headers (name -> value, case-insensitive), or null when it carries none.</summary>
    public static RateLimitFields? From(IReadOnlyDictionary<string, string> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var policy = Parameters(headers.GetValueOrDefault("RateLimit-Policy"));
        var state = Parameters(headers.GetValueOrDefault("RateLimit"));
        var fields = new RateLimitFields(
            Number(policy, "q") ?? Number(state, "limit") ?? Plain(headers, "RateLimit-Limit"),
            Number(policy, "w"),
            Number(state, "r") ?? Number(state, "remaining") ?? Plain(headers, "RateLimit-Remaining"),
            Number(state, "t") ?? Number(state, "reset") ?? Plain(headers, "RateLimit-Reset"));
        return fields.Any ? fields : null;
    }

    /// <summary>The header names an answer's RateLimit fields come from, for the sender to keep.</summary>
    public static IReadOnlyList<string> HeaderNames { get; } = ["RateLimit", "RateLimit-Policy", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"];

    private static Dictionary<string, string> Parameters(string? field)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (field is null)
        {
            return values;
        }

        // The first list member only (a structured-field member has parameters after ';'); the old drafts' "limit=1, remaining=0" is one whole.
        var members = SplitOutsideQuotes(field);
        var text = members.Count > 1 && members[0].Contains(';', StringComparison.Ordinal) ? members[0] : field;
        foreach (var part in text.Split([';', ','], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                values.TryAdd(part[..equals].Trim(), part[(equals + 1)..].Trim().Trim('"'));
            }
        }

        return values;
    }

    private static List<string> SplitOutsideQuotes(string field)
    {
        var members = new List<string>();
        var quoted = false;
        var start = 0;
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '"')
            {
                quoted = !quoted;
            }
            else if (field[i] == ',' && !quoted)
            {
                members.Add(field[start..i]);
                start = i + 1;
            }
        }

        members.Add(field[start..]);
        return members;
    }

    private static long? Number(Dictionary<string, string> parameters, string name) =>
        parameters.TryGetValue(name, out var text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static long? Plain(IReadOnlyDictionary<string, string> headers, string name) =>
        headers.TryGetValue(name, out var text) && long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
}
