using System.Text.RegularExpressions;

namespace Harness.Scenarios.Survival;

/// <summary>
/// Finds the statement of a migration that made a change the catalog shows, so a finding can name its file and line: the
/// first statement that begins with given keywords, has the others in order after them, and names given objects. For
/// example <c>Find(text, ["ALTER TABLE", "ROW LEVEL SECURITY"], "sites")</c>, <c>Find(text, ["CREATE|ALTER|DROP", "POLICY"],
/// "p", "t")</c>, <c>Find(text, ["CREATE", "VIEW"], "v")</c>, <c>Find(text, ["GRANT", "ON"], "t")</c>,
/// <c>Find(text, ["ALTER TABLE", "ALTER COLUMN"], "t", "c")</c>, or a table's <c>CREATE</c>, <c>ALTER</c> or <c>RENAME</c>
/// with <c>Find(text, ["CREATE|ALTER", "TABLE"], "t")</c>. Comments, string literals and function bodies are not read.
/// </summary>
public static partial class StatementLocator
{
    /// <summary>A SQL identifier, quoted (<c>"Company"</c>) or not, as a regular expression.</summary>
    internal const string Ident = """(?:"(?:[^"]|"")+"|[A-Za-z_\u0080-\uffff][\w$]*)""";

    /// <summary>A possibly schema-qualified name whose last part is the group <c>n</c>, as a regular expression.</summary>
    internal const string Qualified = $@"(?:{Ident}\s*\.\s*)*(?<n>{Ident})";

    /// <summary>
    /// The 1-based line of the first statement of <paramref name="text"/> that matches, or null when none does (a caller then
    /// points at line 1 of the file).
    /// </summary>
    /// <param name="keywords">
    /// Phrases the statement has in this order, the first at its very start; a phrase's words match across any white space
    /// and case, and <c>|</c> separates alternatives (<c>"CREATE|ALTER"</c>).
    /// </param>
    /// <param name="names">
    /// Objects the statement names, each as PostgreSQL stores its name (unquoted; lower case unless it was created quoted),
    /// without schema: a statement names it when one of its identifiers, quoted or not, schema-qualified or not, is that name.
    /// </param>
    public static int? Find(string text, IReadOnlyList<string> keywords, params string[] names)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(keywords);
        ArgumentNullException.ThrowIfNull(names);
        var phrases = keywords.Select(Phrase).ToList();
        foreach (var statement in SqlStatementSplitter.Split(text))
        {
            if (HasInOrder(statement.Code, phrases) && Names(statement.Code) is var named && names.All(named.Contains))
            {
                return statement.Line;
            }
        }

        return null;
    }

    /// <summary>A name as PostgreSQL stores it: a quoted one as written (<c>""</c> read as <c>"</c>), an unquoted one in lower case.</summary>
    internal static string Name(string identifier) =>
        identifier.Length >= 2 && identifier.StartsWith('"') && identifier.EndsWith('"')
            ? identifier[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal)
            : identifier.ToLowerInvariant();

    private static bool HasInOrder(string code, IReadOnlyList<Regex> phrases)
    {
        // Keywords are read outside quoted identifiers: "table" is a name, not a keyword.
        var words = QuotedIdentifier().Replace(code, m => new string(' ', m.Length));
        var at = 0;
        for (var i = 0; i < phrases.Count; i++)
        {
            var match = phrases[i].Match(words, at);
            if (!match.Success || (i == 0 && match.Index != 0))
            {
                return false;
            }

            at = match.Index + match.Length;
        }

        return true;
    }

    private static HashSet<string> Names(string code) =>
        [.. Identifier().Matches(code).Select(m => Name(m.Value))];

    private static Regex Phrase(string keywords)
    {
        var alternatives = keywords.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(a => string.Join(@"\s+", a.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(Regex.Escape)));
        return new Regex($@"(?<![\w$])(?:{string.Join("|", alternatives)})(?![\w$])",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    [GeneratedRegex(@"""(?:[^""]|"""")*""", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex QuotedIdentifier();

    [GeneratedRegex($@"(?<![\w$""]){Ident}", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Identifier();
}
