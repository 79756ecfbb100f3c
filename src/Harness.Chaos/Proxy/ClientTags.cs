using System.Text.RegularExpressions;

namespace Harness.Chaos.Proxy;

/// <summary>The client tag a tagging proxy puts at the end of application_name ("name#c17" is client "c17").</summary>
internal static partial class ClientTags
{
    public static string? Parse(string? applicationName) =>
        applicationName is not null && TagPattern().Match(applicationName) is { Success: true } match ? $"c{match.Groups[1].Value}" : null;

    [GeneratedRegex(@"#c(\d+)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex TagPattern();
}
