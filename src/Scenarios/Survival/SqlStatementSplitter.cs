using System.Text;

namespace Harness.Scenarios.Survival;

/// <summary>
/// One statement of a SQL text (a migration file), split the way psql splits a script.
/// </summary>
/// <param name="Line">The 1-based line of the text the statement starts on (its first character that is not space or comment).</param>
/// <param name="Text">The statement as written, from its first character up to its last one that is not space or comment (its <c>;</c> left out).</param>
/// <param name="Code">
/// <paramref name="Text"/> with comments, the contents of string literals (their quotes kept) and dollar-quoted bodies
/// (delimiters included) replaced by spaces, line breaks kept: the same length as <paramref name="Text"/>, so an offset
/// found in one is the same place in the other. Double-quoted identifiers are kept as written.
/// </param>
/// <param name="Bodies">The contents of the statement's dollar-quoted strings (function and <c>DO</c> bodies), in order.</param>
public sealed record SqlStatement(int Line, string Text, string Code, IReadOnlyList<string> Bodies)
{
    /// <summary>Longest excerpt <see cref="Excerpt"/> gives, in characters.</summary>
    public const int MaxExcerpt = 120;

    /// <summary>The statement's first line, trimmed and cut at <see cref="MaxExcerpt"/> characters, for a report.</summary>
    public string Excerpt
    {
        get
        {
            var end = Text.IndexOf('\n', StringComparison.Ordinal);
            var first = (end < 0 ? Text : Text[..end]).Trim();
            return first.Length > MaxExcerpt ? first[..(MaxExcerpt - 3)] + "..." : first;
        }
    }

    /// <summary>The 1-based line of the text that <paramref name="offset"/> (an offset in <see cref="Text"/>) is on.</summary>
    public int LineAt(int offset) => Line + Text.AsSpan(0, Math.Clamp(offset, 0, Text.Length)).Count('\n');
}

/// <summary>
/// Splits SQL text into statements at the semicolons psql would split at: not in <c>--</c> or (nested) <c>/* */</c>
/// comments, <c>'...'</c> strings (<c>''</c> escapes; <c>E'...'</c> with backslash escapes too), dollar-quoted strings
/// (<c>$$...$$</c>, <c>$tag$...$tag$</c>), double-quoted identifiers, parentheses, or the <c>BEGIN ATOMIC ... END</c> body of a
/// <c>CREATE FUNCTION</c> or <c>PROCEDURE</c>. It is a lexer, not a parser: what each statement does is read from its
/// <see cref="SqlStatement.Code"/> by the callers.
/// </summary>
public static class SqlStatementSplitter
{
    /// <summary>The statements of <paramref name="text"/>, in order; empty ones (a lone <c>;</c>, only comments) are left out.</summary>
    public static IReadOnlyList<SqlStatement> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var code = new StringBuilder(text);
        var bodies = new List<(int Start, string Body)>();
        var ends = new List<int>();
        var state = new SplitState();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            var next = i + 1 < text.Length ? text[i + 1] : '\0';
            if (c == '-' && next == '-')
            {
                var end = text.IndexOf('\n', i) is var n and >= 0 ? n : text.Length;
                Blank(code, i, end);
                i = end;
            }
            else if (c == '/' && next == '*')
            {
                var end = BlockCommentEnd(text, i);
                Blank(code, i, end);
                i = end;
            }
            else if (c == '\'')
            {
                var backslashes = i > 0 && text[i - 1] is 'E' or 'e' && !IsIdentifierPart(text, i - 2);
                var end = StringEnd(text, i, backslashes);
                Blank(code, i + 1, Math.Max(i + 1, end - 1));
                state.Word(null);
                i = end;
            }
            else if (c == '"')
            {
                var end = QuotedIdentifierEnd(text, i);
                state.Word(null);
                i = end;
            }
            else if (c == '$' && !IsIdentifierPart(text, i - 1) && DollarTag(text, i) is { } tag)
            {
                var close = text.IndexOf(tag, i + tag.Length, StringComparison.Ordinal);
                var end = close >= 0 ? close + tag.Length : text.Length;
                bodies.Add((i, text[(i + tag.Length)..(close >= 0 ? close : text.Length)]));
                Blank(code, i, end);
                state.Word(null);
                i = end;
            }
            else if (IsIdentifierStart(c) && !IsIdentifierPart(text, i - 1))
            {
                var end = i + 1;
                while (end < text.Length && IsIdentifierChar(text[end]))
                {
                    end++;
                }

                state.Word(text[i..end]);
                i = end;
            }
            else
            {
                if (c == '(')
                {
                    state.Parentheses++;
                }
                else if (c == ')' && state.Parentheses > 0)
                {
                    state.Parentheses--;
                }
                else if (c == ';' && state.Parentheses == 0 && state.Blocks == 0)
                {
                    ends.Add(i);
                    state = new SplitState();
                }

                if (!char.IsWhiteSpace(c))
                {
                    state.Word(null);
                }

                i++;
            }
        }

        ends.Add(text.Length);
        return Statements(text, code.ToString(), ends, bodies);
    }

    private static List<SqlStatement> Statements(string text, string code, List<int> ends, List<(int Start, string Body)> bodies)
    {
        var statements = new List<SqlStatement>();
        var start = 0;
        foreach (var end in ends)
        {
            var first = start;
            while (first < end && char.IsWhiteSpace(code[first]))
            {
                first++;
            }

            if (first < end)
            {
                var line = text.AsSpan(0, first).Count('\n') + 1;
                var own = bodies.Where(b => b.Start >= first && b.Start < end).Select(b => b.Body).ToList();
                var statementCode = code[first..end].TrimEnd();
                statements.Add(new SqlStatement(line, text.Substring(first, statementCode.Length), statementCode, own));
            }

            start = end + 1;
        }

        return statements;
    }

    private static void Blank(StringBuilder code, int from, int to)
    {
        for (var k = from; k < to; k++)
        {
            if (code[k] is not '\n' and not '\r')
            {
                code[k] = ' ';
            }
        }
    }

    /// <summary>The end (exclusive) of the block comment at <paramref name="i"/>; PostgreSQL's block comments nest.</summary>
    private static int BlockCommentEnd(string text, int i)
    {
        var depth = 0;
        var k = i;
        while (k < text.Length)
        {
            if (text[k] == '/' && k + 1 < text.Length && text[k + 1] == '*')
            {
                depth++;
                k += 2;
            }
            else if (text[k] == '*' && k + 1 < text.Length && text[k + 1] == '/')
            {
                depth--;
                k += 2;
                if (depth == 0)
                {
                    return k;
                }
            }
            else
            {
                k++;
            }
        }

        return text.Length;
    }

    /// <summary>The end (exclusive, after the closing quote) of the string literal opening at <paramref name="i"/>.</summary>
    private static int StringEnd(string text, int i, bool backslashes)
    {
        var k = i + 1;
        while (k < text.Length)
        {
            if (backslashes && text[k] == '\\')
            {
                k += 2;
            }
            else if (text[k] == '\'')
            {
                if (k + 1 < text.Length && text[k + 1] == '\'')
                {
                    k += 2;
                }
                else
                {
                    return k + 1;
                }
            }
            else
            {
                k++;
            }
        }

        return text.Length;
    }

    private static int QuotedIdentifierEnd(string text, int i)
    {
        var k = i + 1;
        while (k < text.Length)
        {
            if (text[k] == '"')
            {
                if (k + 1 < text.Length && text[k + 1] == '"')
                {
                    k += 2;
                    continue;
                }

                return k + 1;
            }

            k++;
        }

        return text.Length;
    }

    /// <summary>The dollar-quote delimiter (<c>$$</c> or <c>$tag$</c>) at <paramref name="i"/>, or null (<c>$1</c> is a parameter).</summary>
    private static string? DollarTag(string text, int i)
    {
        var k = i + 1;
        if (k < text.Length && text[k] == '$')
        {
            return "$$";
        }

        if (k >= text.Length || !IsIdentifierStart(text[k]))
        {
            return null;
        }

        while (k < text.Length && (char.IsAsciiLetterOrDigit(text[k]) || text[k] == '_' || text[k] > 127))
        {
            k++;
        }

        return k < text.Length && text[k] == '$' ? text[i..(k + 1)] : null;
    }

    private static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c == '_' || c > 127;

    private static bool IsIdentifierChar(char c) => IsIdentifierStart(c) || char.IsAsciiDigit(c) || c == '$';

    private static bool IsIdentifierPart(string text, int at) => at >= 0 && at < text.Length && IsIdentifierChar(text[at]);

    /// <summary>
    /// What the splitter tracks of the statement it is in: parentheses, and whether it is a <c>CREATE FUNCTION</c> or
    /// <c>PROCEDURE</c> whose <c>BEGIN ATOMIC</c> body (with its own semicolons) is open, as psql does.
    /// </summary>
    private sealed class SplitState
    {
        private readonly List<string> leading = [];
        private bool routine;

        public int Parentheses { get; set; }

        public int Blocks { get; private set; }

        /// <summary>Records the next word (null for anything else) of the statement.</summary>
        public void Word(string? word)
        {
            if (leading.Count < 4)
            {
                leading.Add(word?.ToUpperInvariant() ?? "");
                routine = leading is ["CREATE", "FUNCTION" or "PROCEDURE", ..] or ["CREATE", "OR", "REPLACE", "FUNCTION" or "PROCEDURE"];
            }

            if (!routine || word is null)
            {
                return;
            }

            if (word.Equals("BEGIN", StringComparison.OrdinalIgnoreCase) || (Blocks > 0 && word.Equals("CASE", StringComparison.OrdinalIgnoreCase)))
            {
                Blocks++;
            }
            else if (word.Equals("END", StringComparison.OrdinalIgnoreCase) && Blocks > 0)
            {
                Blocks--;
            }
        }
    }
}
