using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Harness.Seeders;

/// <summary>
/// Reads the simple shapes of a CHECK as <c>pg_get_constraintdef</c> prints them: conjunctions (AND, BETWEEN is
/// printed as two comparisons) of IN-lists (<c>x = ANY (ARRAY[...])</c>), comparisons with a number, text lengths
/// (<c>char_length(x) &lt;= n</c>) and regular expressions (<c>x ~ '...'</c>). Anything else is not understood.
/// </summary>
internal static partial class CheckParser
{
    internal abstract record Term;

    internal sealed record InList(IReadOnlyList<string?> Values) : Term;

    internal sealed record Compare(string Op, decimal Value) : Term;

    internal sealed record Length(string Op, int Value) : Term;

    internal sealed record Matches(string Pattern) : Term;

    /// <summary>The terms of <paramref name="definition"/> about <paramref name="column"/>, or null when any part is not understood.</summary>
    public static IReadOnlyList<Term>? Parse(string definition, string column)
    {
        var body = definition.Trim();
        if (body.EndsWith(" NOT VALID", StringComparison.Ordinal))
        {
            body = body[..^" NOT VALID".Length];
        }

        if (!body.StartsWith("CHECK ", StringComparison.Ordinal))
        {
            return null;
        }

        var terms = new List<Term>();
        foreach (var part in SplitAnd(StripParens(body["CHECK ".Length..])))
        {
            if (ParseTerm(StripParens(part), column) is not { } term)
            {
                return null;
            }

            terms.Add(term);
        }

        return terms;
    }

    private static Term? ParseTerm(string text, string column)
    {
        var col = ColumnPattern(column);
        var list = Regex.Match(text, $@"^{col} = ANY \((.*)\)$", RegexOptions.Singleline);
        if (list.Success)
        {
            var array = StripParens(StripCast(list.Groups[1].Value.Trim()));
            var items = Regex.Match(array, @"^ARRAY\[(.*)\]$", RegexOptions.Singleline);
            return items.Success ? Items(items.Groups[1].Value) is { } values ? new InList(values) : null : null;
        }

        var compare = Regex.Match(text, $@"^{col} (>=|<=|<>|>|<|=) (.+)$", RegexOptions.Singleline);
        if (compare.Success)
        {
            if (Number(compare.Groups[2].Value) is { } number)
            {
                return compare.Groups[1].Value == "<>" ? null : new Compare(compare.Groups[1].Value, number);
            }

            return compare.Groups[1].Value == "=" && Literal(compare.Groups[2].Value) is { } literal ? new InList([literal])
                : compare.Groups[1].Value == "<>" && Literal(compare.Groups[2].Value) == "" ? new Length(">=", 1)
                : null;
        }

        var length = Regex.Match(text, $@"^(?:char_length|length|character_length|octet_length)\({col}\) (>=|<=|>|<|=) \(?(\d+)\)?$");
        if (length.Success)
        {
            return new Length(length.Groups[1].Value, int.Parse(length.Groups[2].Value, CultureInfo.InvariantCulture));
        }

        var regex = Regex.Match(text, $@"^{col} ~ (.+)$", RegexOptions.Singleline);
        return regex.Success && Literal(regex.Groups[1].Value) is { } pattern ? new Matches(pattern) : null;
    }

    /// <summary>The column as printed: bare or quoted, possibly in parentheses with a cast, e.g. <c>((kind)::text)</c>.</summary>
    private static string ColumnPattern(string column)
    {
        var name = column == "VALUE" ? "VALUE" : $@"(?:{Regex.Escape(column)}|""{Regex.Escape(column)}"")";
        return $@"\(*{name}\)*(?:::[a-z ]+(?:\[\])?\)*)?";
    }

    private static List<string?>? Items(string text)
    {
        var items = new List<string?>();
        foreach (var item in SplitTopLevel(text, ','))
        {
            var value = Literal(item) ?? Number(item)?.ToString(CultureInfo.InvariantCulture);
            if (value is null && !item.Trim().Equals("NULL", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            items.Add(value);
        }

        return items;
    }

    /// <summary>A quoted literal with an optional cast, e.g. <c>'a''b'::text</c>, or null.</summary>
    private static string? Literal(string text)
    {
        var match = Regex.Match(StripParens(text.Trim()), @"^(?:E)?'((?:[^']|'')*)'(?:::[a-z ]+(?:\([0-9, ]+\))?(?:\[\])?)?$", RegexOptions.Singleline);
        return match.Success ? match.Groups[1].Value.Replace("''", "'", StringComparison.Ordinal) : null;
    }

    /// <summary>A number with an optional cast, e.g. <c>(0)::numeric</c>, <c>'1.5'::numeric</c>, <c>-3</c>, or null.</summary>
    private static decimal? Number(string text)
    {
        var stripped = StripParens(StripCast(StripParens(text.Trim())));
        if (Literal(text) is { } quoted)
        {
            stripped = quoted;
        }

        return decimal.TryParse(stripped, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : null;
    }

    private static string StripCast(string text)
    {
        var match = Regex.Match(text, @"^(.*?)::[a-z ]+(?:\([0-9, ]+\))?(?:\[\])?$", RegexOptions.Singleline);
        return match.Success && Balanced(match.Groups[1].Value) ? match.Groups[1].Value : text;
    }

    /// <summary>Removes parentheses that enclose the whole text.</summary>
    internal static string StripParens(string text)
    {
        text = text.Trim();
        while (text.Length >= 2 && text[0] == '(' && text[^1] == ')' && Balanced(text[1..^1]))
        {
            text = text[1..^1].Trim();
        }

        return text;
    }

    private static bool Balanced(string text)
    {
        var depth = 0;
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '\'')
            {
                quoted = !quoted;
            }
            else if (!quoted && c == '(')
            {
                depth++;
            }
            else if (!quoted && c == ')' && --depth < 0)
            {
                return false;
            }
        }

        return depth == 0 && !quoted;
    }

    private static List<string> SplitAnd(string text)
    {
        var parts = new List<string>();
        var depth = 0;
        var quoted = false;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\'')
            {
                quoted = !quoted;
            }
            else if (!quoted && c == '(')
            {
                depth++;
            }
            else if (!quoted && c == ')')
            {
                depth--;
            }
            else if (!quoted && depth == 0 && string.CompareOrdinal(text, i, " AND ", 0, 5) == 0)
            {
                parts.Add(text[start..i]);
                start = i + 5;
                i += 4;
            }
        }

        parts.Add(text[start..]);
        return parts;
    }

    private static List<string> SplitTopLevel(string text, char separator)
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        var depth = 0;
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '\'')
            {
                quoted = !quoted;
            }
            else if (!quoted && c == '(')
            {
                depth++;
            }
            else if (!quoted && c == ')')
            {
                depth--;
            }
            else if (!quoted && depth == 0 && c == separator)
            {
                parts.Add(current.ToString());
                current.Clear();
                continue;
            }

            current.Append(c);
        }

        parts.Add(current.ToString());
        return parts;
    }
}
