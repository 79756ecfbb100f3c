using Harness.Errors;

namespace Harness.Running;

/// <summary>Rule ids as messages name them: the ones closest to a mistyped id, and a list of many ids kept short.</summary>
internal static class RuleNames
{
    /// <summary>The most ids a message suggests.</summary>
    private const int MaxSuggested = 5;

    /// <summary>The ids within two edits of <paramref name="typed"/> (case aside), or that it begins, the closest first.</summary>
    public static IReadOnlyList<string> Closest(string typed, IReadOnlyList<string> ids) =>
        [.. ids.Select(id => (id, distance: TextDistance.Levenshtein(typed.ToUpperInvariant(), id.ToUpperInvariant())))
            .Where(x => x.distance <= 2 || (typed.Length >= 2 && x.id.StartsWith(typed, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(x => x.distance)
            .ThenBy(x => x.id, StringComparer.Ordinal)
            .Take(MaxSuggested)
            .Select(x => x.id)];

    /// <summary>The ids grouped by their letters, e.g. <c>AUD001-AUD014 (14), RLS001-RLS004 (4)</c>.</summary>
    public static string Summarize(IReadOnlyList<string> ids) => ids.Count == 0
        ? "none"
        : string.Join(", ", ids.GroupBy(id => new string([.. id.TakeWhile(char.IsLetter)]), StringComparer.Ordinal)
            .Select(g => g.Count() == 1 ? g.First() : $"{g.First()}-{g.Last()} ({g.Count()})"));
}
