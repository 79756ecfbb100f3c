using System.Text.RegularExpressions;

namespace Harness.Catalog;

/// <summary>
/// Text analysis of SQL as the catalog prints it (policy expressions, function bodies), shared by the families that
/// read it: which functions a text calls and which settings (<c>current_setting('...')</c>) it reads, following the
/// schema's functions it calls. It is a heuristic on text, not a parser.
/// </summary>
public static partial class SqlText
{
    /// <summary>Names of the functions a text calls (<c>name(</c> or <c>schema.name(</c>), unquoted.</summary>
    public static HashSet<string> CalledFunctionNames(string text) =>
        [.. FunctionCall().Matches(StripStringLiterals(text)).Select(m => m.Groups["name"].Value)];

    /// <summary>Replaces <c>'...'</c> literals with <c>''</c>, so a setting such as <c>'app.company_id'</c> does not count as a column.</summary>
    public static string StripStringLiterals(string text) => StringLiteral().Replace(text, "''");

    /// <summary>
    /// The settings <paramref name="texts"/> read with <c>current_setting('name', ...)</c>, directly or in the bodies of
    /// <paramref name="functions"/> they call (and the functions those call), in the order they are first met, each once
    /// (setting names are case-insensitive in PostgreSQL).
    /// </summary>
    public static IReadOnlyList<string> SettingsReadBy(IEnumerable<string> texts, IReadOnlyList<FunctionInfo> functions)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(functions);
        var read = new List<string>();
        var pending = new Queue<string>();
        foreach (var text in texts)
        {
            read.Add(text);
            foreach (var called in CalledFunctionNames(text))
            {
                pending.Enqueue(called);
            }
        }

        var visited = new HashSet<string>(StringComparer.Ordinal);
        while (pending.TryDequeue(out var name))
        {
            if (!visited.Add(name))
            {
                continue;
            }

            foreach (var function in functions.Where(f => f.Name == name))
            {
                read.Add(function.Source);
                foreach (var called in CalledFunctionNames(function.Source))
                {
                    pending.Enqueue(called);
                }
            }
        }

        return [.. read
            .SelectMany(t => SettingRead().Matches(t).Select(m => m.Groups["name"].Value.Replace("''", "'", StringComparison.Ordinal)))
            .Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    [GeneratedRegex(@"'(?:[^']|'')*'", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"(?<![\w$])""?(?<name>[A-Za-z_][\w$]*)""?\s*\(", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex FunctionCall();

    [GeneratedRegex(@"current_setting\s*\(\s*'(?<name>(?:[^']|'')+)'", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex SettingRead();
}
