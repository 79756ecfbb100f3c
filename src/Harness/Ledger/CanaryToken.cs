using System.Globalization;

namespace Harness.Ledger;

/// <summary>
/// Recognisable markers planted in each tenant's text columns, e.g. <c>cnry-t0007-r0003-a1b2</c>, so a scenario
/// can tell whose data shows up anywhere. The trailing run tag keeps tokens of different runs apart.
/// </summary>
public static class CanaryToken
{
    public const string Prefix = "cnry-";

    public static string For(int tenantIndex, int sequence, string runTag) =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix}t{tenantIndex:D4}-r{sequence:D4}-{runTag}");

    /// <summary>Every canary token in a text, in order of appearance.</summary>
    public static IEnumerable<string> FindIn(string text)
    {
        var start = 0;
        while ((start = text.IndexOf(Prefix, start, StringComparison.Ordinal)) >= 0)
        {
            var end = start + Prefix.Length;
            while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '-'))
            {
                end++;
            }

            yield return text[start..end];
            start = end;
        }
    }
}
