using System.Text.RegularExpressions;

namespace Harness.Targets;

/// <summary>
/// Fills <c>{name}</c> and <c>{name:argument}</c> placeholders; names it does not know are left as they are (a JSON value
/// may contain braces).
/// </summary>
public static partial class TargetPlaceholders
{
    public static string Fill(string template, IReadOnlyDictionary<string, string> values) =>
        Placeholder().Replace(template, m => values.TryGetValue(m.Groups[1].Value, out var value) ? value : m.Value);

    /// <summary>The placeholder names <paramref name="template"/> uses, e.g. <c>port</c>, <c>databaseUrl:backoffice</c>.</summary>
    public static IEnumerable<string> Names(string template) =>
        Placeholder().Matches(template).Select(m => m.Groups[1].Value);

    [GeneratedRegex(@"\{([A-Za-z][A-Za-z0-9_.]*(?::[^{}:\s]+)?)\}", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Placeholder();
}
