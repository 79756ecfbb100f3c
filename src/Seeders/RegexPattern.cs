using System.Text;

namespace Harness.Seeders;

/// <summary>
/// A simple regular expression the seeder can generate values for: anchors, literals (escaped or not), character
/// classes (<c>[A-Z0-9_]</c>, <c>\d</c>, <c>\w</c>, <c>.</c>) and the quantifiers {n}, {n,m}, {n,}, +, * and ?.
/// Groups, alternation and negated classes are refused.
/// </summary>
internal sealed class RegexPattern
{
    private const int OpenRepeat = 4;

    private readonly List<(char[] Chars, int Min, int Max)> atoms;

    private RegexPattern(List<(char[] Chars, int Min, int Max)> atoms) => this.atoms = atoms;

    public static bool TryParse(string pattern, out RegexPattern? result, out string problem)
    {
        result = null;
        var atoms = new List<(char[] Chars, int Min, int Max)>();
        var i = 0;
        if (pattern.StartsWith('^'))
        {
            i++;
        }

        var end = pattern.Length;
        if (end > i && pattern[end - 1] == '$' && (end < 2 || pattern[end - 2] != '\\'))
        {
            end--;
        }

        while (i < end)
        {
            char[] chars;
            var c = pattern[i];
            switch (c)
            {
                case '[':
                    var close = pattern.IndexOf(']', i + 2);
                    if (close < 0 || close > end)
                    {
                        problem = "an unclosed character class";
                        return false;
                    }

                    if (pattern[i + 1] == '^')
                    {
                        problem = "a negated character class";
                        return false;
                    }

                    if (Class(pattern[(i + 1)..close]) is not { } set)
                    {
                        problem = $"the character class [{pattern[(i + 1)..close]}]";
                        return false;
                    }

                    chars = set;
                    i = close + 1;
                    break;
                case '\\' when i + 1 < end:
                    chars = Escape(pattern[i + 1]);
                    i += 2;
                    break;
                case '.':
                    chars = Letters;
                    i++;
                    break;
                case '(' or ')' or '|' or '^' or '$' or '\\' or '{' or '}' or '+' or '*' or '?':
                    problem = $"'{c}' at position {i + 1}";
                    return false;
                default:
                    chars = [c];
                    i++;
                    break;
            }

            var (min, max) = (1, 1);
            if (i < end)
            {
                switch (pattern[i])
                {
                    case '+':
                        (min, max) = (1, OpenRepeat);
                        i++;
                        break;
                    case '*':
                        (min, max) = (0, OpenRepeat);
                        i++;
                        break;
                    case '?':
                        (min, max) = (0, 1);
                        i++;
                        break;
                    case '{':
                        var closing = pattern.IndexOf('}', i);
                        var bounds = closing < 0 ? [] : pattern[(i + 1)..closing].Split(',');
                        if (bounds.Length is < 1 or > 2 || !int.TryParse(bounds[0], out min)
                            || (bounds.Length == 2 && bounds[1].Length > 0 && !int.TryParse(bounds[1], out max)))
                        {
                            problem = $"the quantifier at position {i + 1}";
                            return false;
                        }

                        max = bounds.Length == 1 ? min : bounds[1].Length == 0 ? min + OpenRepeat : max;
                        i = closing + 1;
                        break;
                }
            }

            if (i < end && pattern[i] is '+' or '*' or '?' or '{')
            {
                problem = $"the quantifier at position {i + 1}";
                return false;
            }

            atoms.Add((chars, min, max));
        }

        problem = "";
        result = new RegexPattern(atoms);
        return true;
    }

    /// <summary>
    /// A matching value. With <paramref name="number"/> each atom takes its most characters and the number picks
    /// them (distinct numbers give distinct values while the pattern has room), else the randomizer does.
    /// </summary>
    public string Generate(Random random, long? number)
    {
        var text = new StringBuilder();
        var remaining = number;
        foreach (var (chars, min, max) in atoms)
        {
            var count = number is null ? random.Next(min, max + 1) : Math.Max(min, Math.Min(max, min + 1));
            for (var n = 0; n < count; n++)
            {
                if (remaining is { } left && chars.Length > 1)
                {
                    text.Append(chars[(int)(left % chars.Length)]);
                    remaining = left / chars.Length;
                }
                else
                {
                    text.Append(chars[random.Next(chars.Length)]);
                }
            }
        }

        return text.ToString();
    }

    private static readonly char[] Digits = [.. "0123456789"];
    private static readonly char[] Letters = [.. "abcdefghijklmnopqrstuvwxyz"];
    private static readonly char[] Word = [.. "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"];

    private static char[] Escape(char c) => c switch
    {
        'd' => Digits,
        'w' => Word,
        's' => [' '],
        _ => [c],
    };

    private static char[]? Class(string body)
    {
        var set = new List<char>();
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] == '\\' && i + 1 < body.Length)
            {
                set.AddRange(Escape(body[++i]));
            }
            else if (i + 2 < body.Length && body[i + 1] == '-')
            {
                if (body[i + 2] < body[i])
                {
                    return null;
                }

                for (var c = body[i]; c <= body[i + 2]; c++)
                {
                    set.Add(c);
                }

                i += 2;
            }
            else if (body[i] == '[')
            {
                return null;
            }
            else
            {
                set.Add(body[i]);
            }
        }

        return set.Count == 0 ? null : [.. set.Distinct()];
    }
}
