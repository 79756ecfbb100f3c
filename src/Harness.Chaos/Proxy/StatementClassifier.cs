namespace Harness.Chaos.Proxy;

/// <summary>
/// Tells context statements (SET / SET LOCAL / set_config / RESET / DISCARD ALL of the configured settings), data queries
/// (a statement naming a tenant table), transaction control, queue claims (FOR UPDATE SKIP LOCKED) and
/// <c>SET application_name</c> apart, from the statement's tokens. Case-insensitive; quotes and whitespace tolerated.
/// </summary>
internal sealed class StatementClassifier
{
    private static readonly HashSet<string> UtilityWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "set", "show", "reset", "discard", "savepoint", "release", "listen", "unlisten", "notify", "deallocate", "prepare",
    };

    private readonly TenantContextSettings context;
    private readonly HashSet<string> tenantTables;
    private readonly ClassificationCache<StatementInfo[]> queries = new();
    private readonly ClassificationCache<StatementInfo> statements = new();
    private readonly Func<string, StatementInfo[]> classifyQuery;
    private readonly Func<string, StatementInfo> classifyStatement;

    public StatementClassifier(TenantContextSettings context, IReadOnlySet<string> tenantTables)
    {
        this.context = context;
        this.tenantTables = new HashSet<string>(tenantTables, StringComparer.OrdinalIgnoreCase);
        classifyQuery = SplitAndClassify;
        classifyStatement = TokenizeAndClassify;
    }

    /// <summary>The settings RESET ALL / DISCARD ALL clear: the configured ones, and search_path when it chooses the tenant.</summary>
    public IReadOnlyList<string> ContextSettings =>
        context.SearchPath ? [.. context.Settings, "search_path"] : context.Settings;

    /// <summary>Splits a simple-protocol query into its classified statements (a new list the caller may change).</summary>
    public List<StatementInfo> ClassifyQuery(string query) => [.. queries.GetOrAdd(query, classifyQuery)];

    /// <summary>Classifies one statement (an extended-protocol Parse holds exactly one).</summary>
    public StatementInfo ClassifyStatement(string text) => statements.GetOrAdd(text, classifyStatement);

    public StatementInfo Classify(string text, List<SqlToken> tokens)
    {
        var first = tokens[0];
        if (first.Kind == SqlTokenKind.Word)
        {
            switch (first.Text.ToUpperInvariant())
            {
                case "BEGIN":
                case "START":
                    return Simple(text, StatementKind.Begin);
                case "COMMIT":
                case "END":
                    return Simple(text, tokens.Count > 1 && tokens[1].IsWord("prepared") ? StatementKind.Other : StatementKind.Commit);
                case "ROLLBACK":
                case "ABORT":
                    return Simple(text, tokens.Exists(t => t.IsWord("to") || t.IsWord("prepared")) ? StatementKind.Other : StatementKind.Rollback);
                case "SET":
                    return ClassifySet(text, tokens);
                case "RESET":
                    return ClassifyReset(text, tokens);
                case "DISCARD":
                    return tokens.Count > 1 && tokens[1].IsWord("all")
                        ? Simple(text, StatementKind.Utility) with { Assignments = Clearing("DISCARD ALL") }
                        : Simple(text, StatementKind.Utility);
                default:
                    if (UtilityWords.Contains(first.Text))
                    {
                        return Simple(text, StatementKind.Utility);
                    }

                    break;
            }
        }

        var assignments = SetConfigCalls(tokens);
        var tables = Tables(tokens);
        var kind = assignments.Count > 0 || tables.Count == 0 ? StatementKind.Other : StatementKind.Data;
        return new StatementInfo(text, kind, tables, kind == StatementKind.Data && IsQueueClaim(tokens), assignments, null);
    }

    private StatementInfo[] SplitAndClassify(string query)
    {
        var split = SqlLexer.SplitStatements(query);
        var result = new StatementInfo[split.Count];
        for (var i = 0; i < split.Count; i++)
        {
            result[i] = Classify(split[i].Text, split[i].Tokens);
        }

        return result;
    }

    private StatementInfo TokenizeAndClassify(string text)
    {
        var tokens = SqlLexer.Tokenize(text);
        return tokens.Count == 0 ? StatementInfo.Empty with { Text = text } : Classify(text, tokens);
    }

    private static StatementInfo Simple(string text, StatementKind kind) => new(text, kind, [], false, [], null);

    private List<ContextAssignment> Clearing(string how) =>
        [.. ContextSettings.Select(s => new ContextAssignment(s, ValueSource.Of(null), ContextScope.Session, ValueSource.Unknown, how, Clears: true))];

    private bool IsContextSetting(string name) =>
        context.Settings.Any(s => s.Equals(name, StringComparison.OrdinalIgnoreCase))
        || (context.SearchPath && name.Equals("search_path", StringComparison.OrdinalIgnoreCase));

    private string CanonicalSetting(string name) =>
        context.Settings.FirstOrDefault(s => s.Equals(name, StringComparison.OrdinalIgnoreCase)) ?? name.ToLowerInvariant();

    private StatementInfo ClassifySet(string text, List<SqlToken> tokens)
    {
        var index = 1;
        var scope = ContextScope.Session;
        if (index < tokens.Count && tokens[index].IsWord("local"))
        {
            scope = ContextScope.Local;
            index++;
        }
        else if (index < tokens.Count && tokens[index].IsWord("session"))
        {
            index++;
        }

        var (name, after) = ReadName(tokens, index);
        if (name is null || after >= tokens.Count || !(tokens[after].IsWord("to") || tokens[after].IsSymbol('=')))
        {
            return Simple(text, StatementKind.Utility);
        }

        var valueTokens = tokens[(after + 1)..];
        var isDefault = valueTokens.Count == 1 && valueTokens[0].IsWord("default");
        var value = isDefault ? null : ValueText(text, valueTokens);
        if (name.Equals("application_name", StringComparison.OrdinalIgnoreCase))
        {
            return Simple(text, StatementKind.Utility) with { ApplicationName = ValueSource.Of(value) };
        }

        if (!IsContextSetting(name))
        {
            return Simple(text, StatementKind.Utility);
        }

        var how = name.Equals("search_path", StringComparison.OrdinalIgnoreCase) ? "SET search_path"
            : scope == ContextScope.Local ? "SET LOCAL" : "SET";
        var assignment = new ContextAssignment(CanonicalSetting(name), ValueSource.Of(value), scope, ValueSource.Unknown, isDefault ? "RESET" : how, isDefault);
        return Simple(text, StatementKind.Utility) with { Assignments = [assignment] };
    }

    private StatementInfo ClassifyReset(string text, List<SqlToken> tokens)
    {
        if (tokens.Count > 1 && tokens[1].IsWord("all"))
        {
            return Simple(text, StatementKind.Utility) with { Assignments = Clearing("RESET") };
        }

        var (name, _) = ReadName(tokens, 1);
        if (name is null || !IsContextSetting(name))
        {
            return Simple(text, StatementKind.Utility);
        }

        var assignment = new ContextAssignment(CanonicalSetting(name), ValueSource.Of(null), ContextScope.Session, ValueSource.Unknown, "RESET", Clears: true);
        return Simple(text, StatementKind.Utility) with { Assignments = [assignment] };
    }

    /// <summary>A (possibly dotted, possibly quoted) setting name starting at <paramref name="index"/>.</summary>
    private static (string? Name, int After) ReadName(List<SqlToken> tokens, int index)
    {
        var parts = new List<string>();
        while (index < tokens.Count && tokens[index].Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier)
        {
            parts.Add(tokens[index].Text);
            index++;
            if (index < tokens.Count && tokens[index].IsSymbol('.'))
            {
                index++;
                continue;
            }

            break;
        }

        return parts.Count == 0 ? (null, index) : (string.Join('.', parts), index);
    }

    /// <summary>A SET value: one literal, word or number as its text; a list (search_path) as its items joined with ", ".</summary>
    private static string ValueText(string text, List<SqlToken> tokens)
    {
        var items = tokens.Where(t => !t.IsSymbol(',')).Select(t => t.Text).ToList();
        return items.Count == 1 ? items[0] : string.Join(", ", items);
    }

    private List<ContextAssignment> SetConfigCalls(List<SqlToken> tokens)
    {
        var found = new List<ContextAssignment>();
        for (var i = 0; i + 1 < tokens.Count; i++)
        {
            if (!tokens[i].IsWord("set_config") || !tokens[i + 1].IsSymbol('('))
            {
                continue;
            }

            var arguments = Arguments(tokens, i + 2);
            if (arguments.Count != 3 || arguments[0].Count != 1 || arguments[0][0].Kind != SqlTokenKind.String)
            {
                continue;
            }

            var name = arguments[0][0].Text;
            var value = Source(arguments[1]);
            var flag = Source(arguments[2]);
            if (name.Equals("application_name", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (IsContextSetting(name))
            {
                var scope = flag is { Known: true, Literal: { } literal } && IsTrue(literal) ? ContextScope.Local : ContextScope.Session;
                found.Add(new ContextAssignment(CanonicalSetting(name), value, scope, flag, "set_config", Clears: false));
            }
        }

        return found;
    }

    internal static bool IsTrue(string literal) =>
        literal.Trim().ToUpperInvariant() is "TRUE" or "T" or "ON" or "YES" or "Y" or "1";

    private static ValueSource Source(List<SqlToken> argument)
    {
        // Casts ('42'::text, $1::text) do not change the value.
        var tokens = argument.Count >= 3 && argument[1].IsSymbol(':') && argument[2].IsSymbol(':') ? argument[..1] : argument;
        if (tokens.Count != 1)
        {
            return ValueSource.Unknown;
        }

        return tokens[0].Kind switch
        {
            SqlTokenKind.String or SqlTokenKind.Number or SqlTokenKind.Word => ValueSource.Of(tokens[0].Text),
            SqlTokenKind.Parameter => ValueSource.FromParameter(int.Parse(tokens[0].Text, System.Globalization.CultureInfo.InvariantCulture)),
            _ => ValueSource.Unknown,
        };
    }

    /// <summary>The comma-separated arguments of a call whose '(' is just before <paramref name="index"/>.</summary>
    private static List<List<SqlToken>> Arguments(List<SqlToken> tokens, int index)
    {
        var arguments = new List<List<SqlToken>> { new() };
        var depth = 0;
        for (var i = index; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token.IsSymbol('('))
            {
                depth++;
            }
            else if (token.IsSymbol(')'))
            {
                if (depth == 0)
                {
                    return arguments;
                }

                depth--;
            }
            else if (token.IsSymbol(',') && depth == 0)
            {
                arguments.Add([]);
                continue;
            }

            arguments[^1].Add(token);
        }

        return arguments;
    }

    private List<string> Tables(List<SqlToken> tokens)
    {
        var tables = new List<string>();
        if (tenantTables.Count == 0)
        {
            return tables;
        }

        foreach (var token in tokens)
        {
            if (token.Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier
                && tenantTables.TryGetValue(token.Text, out var table)
                && !tables.Contains(table, StringComparer.OrdinalIgnoreCase))
            {
                tables.Add(table);
            }
        }

        return tables;
    }

    /// <summary>FOR UPDATE [OF ...] SKIP LOCKED or FOR NO KEY UPDATE [OF ...] SKIP LOCKED.</summary>
    private static bool IsQueueClaim(List<SqlToken> tokens)
    {
        var locking = false;
        for (var i = 0; i + 1 < tokens.Count; i++)
        {
            if (tokens[i].IsWord("for") && (tokens[i + 1].IsWord("update") || (tokens[i + 1].IsWord("no") && i + 3 < tokens.Count && tokens[i + 3].IsWord("update"))))
            {
                locking = true;
            }
            else if (locking && tokens[i].IsWord("skip") && tokens[i + 1].IsWord("locked"))
            {
                return true;
            }
        }

        return false;
    }
}
