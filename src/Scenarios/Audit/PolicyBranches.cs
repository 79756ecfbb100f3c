namespace Harness.Scenarios.Audit;

/// <summary>
/// The AND/OR structure of a policy expression as <c>pg_get_expr</c> prints it, to tell whether a setting widens
/// access: with the setting unset the expression ties rows to the tenant, and once a session sets it, it no longer
/// does (the setting sits in an OR branch that does not pin the tenant). Parentheses, string literals, quoted names and
/// CASE ... END are respected; any other part is a leaf judged by the caller.
/// </summary>
internal static class PolicyBranches
{
    /// <param name="expression">The policy's USING or WITH CHECK.</param>
    /// <param name="readsSetting">Whether a leaf reads the setting (directly or through a function it calls).</param>
    /// <param name="pinsTenant">Whether a leaf that does not read the setting ties rows to the current tenant.</param>
    public static bool Widens(string expression, Func<string, bool> readsSetting, Func<string, bool> pinsTenant)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var tree = Parse(expression);
        return Pinned(tree, settingSet: false) && !Pinned(tree, settingSet: true);

        // A leaf that reads the setting admits nothing while it is unset and anything once a session sets it.
        bool Pinned(Node node, bool settingSet) => node.Kind switch
        {
            NodeKind.And => node.Parts.Any(p => Pinned(p, settingSet)),
            NodeKind.Or => node.Parts.All(p => Pinned(p, settingSet)),
            _ => readsSetting(node.Text) ? !settingSet : pinsTenant(node.Text),
        };
    }

    private enum NodeKind { Leaf, And, Or }

    private sealed record Node(NodeKind Kind, string Text, IReadOnlyList<Node> Parts);

    private static Node Parse(string text)
    {
        text = Unwrap(text);
        foreach (var (keyword, kind) in new[] { ("OR", NodeKind.Or), ("AND", NodeKind.And) })
        {
            var parts = SplitTopLevel(text, keyword);
            if (parts.Count > 1)
            {
                return new Node(kind, text, [.. parts.Select(Parse)]);
            }
        }

        return new Node(NodeKind.Leaf, text, []);
    }

    /// <summary>Drops parentheses that enclose the whole text.</summary>
    private static string Unwrap(string text)
    {
        text = text.Trim();
        while (text.Length >= 2 && text[0] == '(' && ClosingParenthesis(text) == text.Length - 1)
        {
            text = text[1..^1].Trim();
        }

        return text;
    }

    private static int ClosingParenthesis(string text)
    {
        var depth = 0;
        for (var i = 0; i < text.Length; i = Next(text, i))
        {
            depth += text[i] == '(' ? 1 : text[i] == ')' ? -1 : 0;
            if (depth == 0)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The text cut at <paramref name="keyword"/> where it stands outside parentheses, literals and CASE ... END.</summary>
    private static List<string> SplitTopLevel(string text, string keyword)
    {
        var parts = new List<string>();
        var depth = 0;
        var cases = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i = Next(text, i))
        {
            var c = text[i];
            if (c == '(' || c == ')')
            {
                depth += c == '(' ? 1 : -1;
                continue;
            }

            if (!IsWordStart(text, i))
            {
                continue;
            }

            var word = text[i..WordEnd(text, i)];
            cases += word.Equals("CASE", StringComparison.OrdinalIgnoreCase) ? 1 : word.Equals("END", StringComparison.OrdinalIgnoreCase) ? -1 : 0;
            if (depth == 0 && cases == 0 && word.Equals(keyword, StringComparison.OrdinalIgnoreCase))
            {
                parts.Add(text[start..i]);
                start = i + word.Length;
            }
        }

        parts.Add(text[start..]);
        return parts;
    }

    /// <summary>The index after the token at <paramref name="i"/>: past a whole literal, quoted name or word, else the next character.</summary>
    private static int Next(string text, int i)
    {
        var c = text[i];
        if (c is '\'' or '"')
        {
            var j = i + 1;
            while (j < text.Length)
            {
                if (text[j] == c)
                {
                    if (j + 1 < text.Length && text[j + 1] == c)
                    {
                        j += 2;
                        continue;
                    }

                    return j + 1;
                }

                j++;
            }

            return text.Length;
        }

        return IsWordStart(text, i) ? WordEnd(text, i) : i + 1;
    }

    private static bool IsWordStart(string text, int i) =>
        (char.IsLetter(text[i]) || text[i] == '_') && (i == 0 || !IsWordChar(text[i - 1]));

    private static int WordEnd(string text, int i)
    {
        var j = i;
        while (j < text.Length && IsWordChar(text[j]))
        {
            j++;
        }

        return j;
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '$';
}
