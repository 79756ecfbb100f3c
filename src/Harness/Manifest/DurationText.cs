using System.Globalization;
using System.Text.RegularExpressions;

namespace Harness.Manifest;

/// <summary>Durations as a manifest writes them: a whole number and a unit, <c>500ms</c>, <c>4s</c>, <c>1m</c>, <c>1h</c>, <c>1d</c>.</summary>
public static partial class DurationText
{
    public const string Examples = "500ms, 4s, 1m, 1h or 1d";

    /// <summary>The duration, or null when <paramref name="text"/> is not one.</summary>
    public static TimeSpan? Parse(string text)
    {
        var match = Pattern().Match(text.Trim());
        if (!match.Success || !long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > 1_000_000_000)
        {
            return null;
        }

        return match.Groups[2].Value switch
        {
            "ms" => TimeSpan.FromMilliseconds(value),
            "s" => TimeSpan.FromSeconds(value),
            "m" => TimeSpan.FromMinutes(value),
            "h" => TimeSpan.FromHours(value),
            _ => TimeSpan.FromDays(value),
        };
    }

    /// <summary>The shortest exact form: <c>250ms</c>, <c>4s</c>, <c>2m</c>.</summary>
    public static string Format(TimeSpan duration) => duration switch
    {
        { TotalDays: >= 1 } when duration.Ticks % TimeSpan.TicksPerDay == 0 => Invariant($"{duration.TotalDays:0}d"),
        { TotalHours: >= 1 } when duration.Ticks % TimeSpan.TicksPerHour == 0 => Invariant($"{duration.TotalHours:0}h"),
        { TotalMinutes: >= 1 } when duration.Ticks % TimeSpan.TicksPerMinute == 0 => Invariant($"{duration.TotalMinutes:0}m"),
        _ when duration.Ticks % TimeSpan.TicksPerSecond == 0 => Invariant($"{duration.TotalSeconds:0}s"),
        _ => Invariant($"{duration.TotalMilliseconds:0}ms"),
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^([0-9]+)(ms|s|m|h|d)$", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Pattern();
}
