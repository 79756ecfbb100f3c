using System.Text.RegularExpressions;

namespace Harness.Catalog;

/// <summary>One function call in SQL text: <c>schema.name(arg, ...)</c>.</summary>
/// <param name="Schema">The schema it is qualified with, or null.</param>
/// <param name="Arguments">The top-level arguments' text, trimmed.</param>
/// <param name="ArgumentsStart">Where the text between the parentheses starts.</param>
/// <param name="ArgumentsEnd">Where the closing parenthesis stands (or the text's end).</param>
public sealed record SqlCall(string? Schema, string Name, IReadOnlyList<string> Arguments, int ArgumentsStart, int ArgumentsEnd);

public static partial class SqlText
{
    /// <summary>Every function call in <paramref name="text"/> (string literals blanked first), outermost and nested alike.</summary>
    public static IReadOnlyList<SqlCall> Calls(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var stripped = StripStringLiterals(text);
        var calls = new List<SqlCall>();
        foreach (Match match in QualifiedCall().Matches(stripped))
        {
            var start = match.Index + match.Length;
            var depth = 1;
            var i = start;
            var argumentStart = start;
            var arguments = new List<string>();
            for (; i < stripped.Length && depth > 0; i++)
            {
                switch (stripped[i])
                {
                    case '(':
                        depth++;
                        break;
                    case ')':
                        depth--;
                        break;
                    case ',' when depth == 1:
                        arguments.Add(stripped[argumentStart..i].Trim());
                        argumentStart = i + 1;
                        break;
                }
            }

            var end = depth == 0 ? i - 1 : stripped.Length;
            var last = stripped[argumentStart..end].Trim();
            if (last.Length > 0 || arguments.Count > 0)
            {
                arguments.Add(last);
            }

            var schema = match.Groups["schema"].Success ? match.Groups["schema"].Value : null;
            calls.Add(new SqlCall(schema, match.Groups["name"].Value, arguments, start, end));
        }

        return calls;
    }

    [GeneratedRegex(@"(?<![\w$.""])(?:""?(?<schema>[A-Za-z_][\w$]*)""?\.)?""?(?<name>[A-Za-z_][\w$]*)""?\s*\(", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex QualifiedCall();
}
