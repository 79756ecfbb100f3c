using System.Net;
using System.Text.RegularExpressions;

namespace Harness.Tests.Reporting.Html;

/// <summary>Just enough of an HTML reader for assertions: the start tags of one element name and their attributes.</summary>
internal static partial class HtmlDom
{
    /// <summary>Every start tag named <paramref name="name"/>, its attributes decoded (names lower case).</summary>
    public static List<Dictionary<string, string>> Tags(string html, string name) =>
        [.. TagPattern().Matches(html)
            .Where(m => string.Equals(m.Groups["name"].Value, name, StringComparison.OrdinalIgnoreCase))
            .Select(m => AttributePattern().Matches(m.Groups["attributes"].Value)
                .ToDictionary(
                    a => a.Groups["name"].Value.ToLowerInvariant(),
                    a => WebUtility.HtmlDecode(a.Groups["value"].Success ? a.Groups["value"].Value : ""),
                    StringComparer.Ordinal))];

    /// <summary>Matrix cells by (attacker, victim).</summary>
    public static Dictionary<(string Attacker, string Victim), Dictionary<string, string>> Cells(string html) =>
        Tags(html, "td")
            .Where(t => t.ContainsKey("data-attacker"))
            .ToDictionary(t => (t["data-attacker"], t["data-victim"]));

    public static bool HasClass(Dictionary<string, string> tag, string name) =>
        tag.TryGetValue("class", out var classes) && classes.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(name, StringComparer.Ordinal);

    [GeneratedRegex("""<(?<name>[a-zA-Z][a-zA-Z0-9-]*)(?<attributes>(?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*)\s*/?>""")]
    private static partial Regex TagPattern();

    [GeneratedRegex("""(?<name>[^\s"'>/=]+)(?:\s*=\s*(?:"(?<value>[^"]*)"|'(?<value>[^']*)'|(?<value>[^\s"'>]+)))?""")]
    private static partial Regex AttributePattern();
}
