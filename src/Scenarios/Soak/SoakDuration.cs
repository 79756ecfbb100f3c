using System.Globalization;
using System.Text.RegularExpressions;

namespace Harness.Scenarios.Soak;

/// <summary>Durations as the manifest and <c>harness soak --duration</c> write them: a whole or decimal number and a unit, <c>500ms</c>, <c>30s</c>, <c>2m</c>, <c>1.5h</c>, <c>1d</c>.</summary>
public static partial class SoakDuration
{
    /// <summary>The duration <paramref name="text"/> names, or null when it is not one.</summary>
    public static TimeSpan? Parse(string? text)
    {
        if (text is null || Pattern().Match(text.Trim()) is not { Success: true } match
            || !double.TryParse(match.Groups[1].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return null;
        }

        var seconds = match.Groups[2].Value switch
        {
            "ms" => number / 1000,
            "s" => number,
            "m" => number * 60,
            "h" => number * 3600,
            _ => number * 86_400,
        };
        return seconds is > 0 and <= 366 * 86_400 ? TimeSpan.FromSeconds(seconds) : null;
    }

    /// <summary>A duration written back the short way (<c>90s</c>, <c>2m</c>, <c>250ms</c>).</summary>
    public static string Format(TimeSpan duration) => duration switch
    {
        { TotalMilliseconds: < 1000 } => string.Create(CultureInfo.InvariantCulture, $"{duration.TotalMilliseconds:0.#}ms"),
        { TotalSeconds: < 120 } => string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0.#}s"),
        { TotalMinutes: < 120 } => string.Create(CultureInfo.InvariantCulture, $"{duration.TotalMinutes:0.#}m"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{duration.TotalHours:0.#}h"),
    };

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)(ms|s|m|h|d)$", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Pattern();
}
