namespace Harness.Chaos.Proxy;

/// <summary>What a <see cref="SqlToken"/> is.</summary>
internal enum SqlTokenKind
{
    /// <summary>An unquoted identifier or keyword.</summary>
    Word,

    /// <summary>A double-quoted identifier (its text unescaped).</summary>
    QuotedIdentifier,

    /// <summary>A string literal: '...', E'...' or dollar-quoted (its text unescaped).</summary>
    String,

    /// <summary>A numeric constant.</summary>
    Number,

    /// <summary>A bind parameter reference: $1, $2...</summary>
    Parameter,

    /// <summary>Any other single character: ( ) , ; . = and operators.</summary>
    Symbol,
}

/// <summary>One token of a SQL text, with where it is in the text (for splitting and redaction).</summary>
internal readonly record struct SqlToken(SqlTokenKind Kind, int Start, int Length, string Text)
{
    public bool IsWord(string word) => Kind == SqlTokenKind.Word && Text.Equals(word, StringComparison.OrdinalIgnoreCase);

    public bool IsSymbol(char symbol) => Kind == SqlTokenKind.Symbol && Text.Length == 1 && Text[0] == symbol;
}

/// <summary>
/// A small SQL tokenizer, enough to split a simple-protocol query into statements and to find settings, tables and
/// literals: it knows quotes ('', E'' escapes, "identifiers", $tag$ dollar quotes$tag$) and comments (-- and nested /* */)
/// so that a semicolon or a table name inside them is not taken for one.
/// </summary>
internal static class SqlLexer
{
    public static List<SqlToken> Tokenize(string text)
    {
        var tokens = new List<SqlToken>(Math.Min(64, 4 + (text.Length / 4)));
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '-' && At(text, i + 1, '-'))
            {
                while (i < text.Length && text[i] != '\n')
                {
                    i++;
                }
            }
            else if (c == '/' && At(text, i + 1, '*'))
            {
                i = SkipBlockComment(text, i);
            }
            else if (c == '\'')
            {
                i = ReadQuoted(text, i, i, '\'', backslashEscapes: false, SqlTokenKind.String, tokens);
            }
            else if (c == '"')
            {
                i = ReadQuoted(text, i, i, '"', backslashEscapes: false, SqlTokenKind.QuotedIdentifier, tokens);
            }
            else if (c == '$' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]))
            {
                var start = i++;
                while (i < text.Length && char.IsAsciiDigit(text[i]))
                {
                    i++;
                }

                tokens.Add(new SqlToken(SqlTokenKind.Parameter, start, i - start, text[(start + 1)..i]));
            }
            else if (c == '$' && TryReadDollarQuoted(text, i, tokens, out var after))
            {
                i = after;
            }
            else if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                var start = i;
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '.' || text[i] == '_'))
                {
                    i++;
                }

                tokens.Add(new SqlToken(SqlTokenKind.Number, start, i - start, text[start..i]));
            }
            else if (char.IsLetter(c) || c == '_' || c > 127)
            {
                var start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_' || text[i] == '$' || text[i] > 127))
                {
                    i++;
                }

                if (i - start == 1 && (c is 'e' or 'E') && At(text, i, '\''))
                {
                    i = ReadQuoted(text, start, i, '\'', backslashEscapes: true, SqlTokenKind.String, tokens);
                }
                else
                {
                    tokens.Add(new SqlToken(SqlTokenKind.Word, start, i - start, text[start..i]));
                }
            }
            else
            {
                tokens.Add(new SqlToken(SqlTokenKind.Symbol, i, 1, c.ToString()));
                i++;
            }
        }

        return tokens;
    }

    /// <summary>The statements of a (simple-protocol) query: its tokens split at top-level semicolons, empty ones left out.</summary>
    public static List<(string Text, List<SqlToken> Tokens)> SplitStatements(string text)
    {
        var statements = new List<(string, List<SqlToken>)>();
        var current = new List<SqlToken>();
        foreach (var token in Tokenize(text))
        {
            if (token.IsSymbol(';'))
            {
                Add();
            }
            else
            {
                current.Add(token);
            }
        }

        Add();
        return statements;

        void Add()
        {
            if (current.Count == 0)
            {
                return;
            }

            var start = current[0].Start;
            var last = current[^1];
            var offset = start;
            var tokens = offset == 0 ? current : current.ConvertAll(t => t with { Start = t.Start - offset });
            statements.Add((text[start..(last.Start + last.Length)], tokens));
            current = [];
        }
    }

    private static bool At(string text, int index, char c) => index < text.Length && text[index] == c;

    private static int SkipBlockComment(string text, int i)
    {
        var depth = 0;
        while (i < text.Length)
        {
            if (text[i] == '/' && At(text, i + 1, '*'))
            {
                depth++;
                i += 2;
            }
            else if (text[i] == '*' && At(text, i + 1, '/'))
            {
                depth--;
                i += 2;
                if (depth == 0)
                {
                    return i;
                }
            }
            else
            {
                i++;
            }
        }

        return i;
    }

    private static int ReadQuoted(string text, int tokenStart, int quote, char q, bool backslashEscapes, SqlTokenKind kind, List<SqlToken> tokens)
    {
        var value = new System.Text.StringBuilder();
        var i = quote + 1;
        while (i < text.Length)
        {
            var c = text[i];
            if (backslashEscapes && c == '\\' && i + 1 < text.Length)
            {
                value.Append(text[i + 1]);
                i += 2;
            }
            else if (c == q && At(text, i + 1, q))
            {
                value.Append(q);
                i += 2;
            }
            else if (c == q)
            {
                i++;
                break;
            }
            else
            {
                value.Append(c);
                i++;
            }
        }

        tokens.Add(new SqlToken(kind, tokenStart, i - tokenStart, value.ToString()));
        return i;
    }

    private static bool TryReadDollarQuoted(string text, int start, List<SqlToken> tokens, out int after)
    {
        after = start;
        var i = start + 1;
        while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
        {
            i++;
        }

        if (!At(text, i, '$') || (i > start + 1 && char.IsAsciiDigit(text[start + 1])))
        {
            return false;
        }

        var tag = text[start..(i + 1)];
        var close = text.IndexOf(tag, i + 1, StringComparison.Ordinal);
        var bodyEnd = close < 0 ? text.Length : close;
        after = close < 0 ? text.Length : close + tag.Length;
        tokens.Add(new SqlToken(SqlTokenKind.String, start, after - start, text[(i + 1)..bodyEnd]));
        return true;
    }
}
