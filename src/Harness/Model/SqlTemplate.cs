using Harness.Sql;

namespace Harness.Model;

/// <summary>
/// Fills placeholders into a SQL statement as literals: inside a string literal the value's quotes are doubled (and in an
/// <c>E'...'</c> string its backslashes too); outside any literal it becomes a whole string literal. A placeholder inside
/// a quoted identifier, a dollar-quoted string or a comment has no safe form and is refused.
/// </summary>
internal static class SqlTemplate
{
    private enum Place
    {
        Code,
        Literal,
        EscapeLiteral,
        Other,
    }

    /// <summary>Why the template cannot be filled safely, or null when it can.</summary>
    public static string? Problem(string sql)
    {
        var places = Places(sql);
        var bad = ContextPlaceholders.Pattern().Matches(sql).FirstOrDefault(m => places[m.Index] == Place.Other);
        return bad is null
            ? null
            : $"placeholder {bad.Value} sits in a quoted identifier, a dollar-quoted string or a comment; put it inside a '...' string or on its own";
    }

    public static string Fill(string sql, Func<string, string> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var places = Places(sql);
        return ContextPlaceholders.Pattern().Replace(sql, m =>
        {
            var text = value(m.Groups[1].Value);
            return places[m.Index] switch
            {
                Place.Code => SqlLiteral.Quote(text),
                Place.Literal => text.Replace("'", "''", StringComparison.Ordinal),
                Place.EscapeLiteral => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal),
                _ => throw new InvalidOperationException($"{m.Value} cannot be filled in safely: {Problem(sql)}"),
            };
        });
    }

    private static Place[] Places(string sql)
    {
        var places = new Place[sql.Length];
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            var next = i + 1 < sql.Length ? sql[i + 1] : '\0';
            if (c == '\'')
            {
                var escape = i > 0 && sql[i - 1] is 'E' or 'e' && (i < 2 || !IsWordChar(sql[i - 2]));
                i = Mark(places, i, End(sql, i, escape), escape ? Place.EscapeLiteral : Place.Literal);
            }
            else if (c == '"')
            {
                var end = sql.IndexOf('"', i + 1);
                i = Mark(places, i, end < 0 ? sql.Length : end + 1, Place.Other);
            }
            else if (c == '-' && next == '-')
            {
                var end = sql.IndexOf('\n', i);
                i = Mark(places, i, end < 0 ? sql.Length : end + 1, Place.Other);
            }
            else if (c == '/' && next == '*')
            {
                var end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = Mark(places, i, end < 0 ? sql.Length : end + 2, Place.Other);
            }
            else if (c == '$' && DollarTag(sql, i) is { } tag)
            {
                var end = sql.IndexOf(tag, i + tag.Length, StringComparison.Ordinal);
                i = Mark(places, i, end < 0 ? sql.Length : end + tag.Length, Place.Other);
            }
            else
            {
                places[i++] = Place.Code;
            }
        }

        return places;
    }

    /// <summary>The index after the literal that opens at <paramref name="start"/>.</summary>
    private static int End(string sql, int start, bool escape)
    {
        var i = start + 1;
        while (i < sql.Length)
        {
            if (escape && sql[i] == '\\')
            {
                i += 2;
            }
            else if (sql[i] == '\'' && i + 1 < sql.Length && sql[i + 1] == '\'')
            {
                i += 2;
            }
            else if (sql[i] == '\'')
            {
                return i + 1;
            }
            else
            {
                i++;
            }
        }

        return sql.Length;
    }

    private static string? DollarTag(string sql, int start)
    {
        if (start > 0 && IsWordChar(sql[start - 1]))
        {
            return null;
        }

        var i = start + 1;
        while (i < sql.Length && (char.IsAsciiLetter(sql[i]) || sql[i] == '_' || (i > start + 1 && char.IsAsciiDigit(sql[i]))))
        {
            i++;
        }

        return i < sql.Length && sql[i] == '$' ? sql[start..(i + 1)] : null;
    }

    private static int Mark(Place[] places, int from, int to, Place place)
    {
        to = Math.Min(to, places.Length);
        for (var i = from; i < to; i++)
        {
            places[i] = place;
        }

        return to;
    }

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_' || c == '$';
}
