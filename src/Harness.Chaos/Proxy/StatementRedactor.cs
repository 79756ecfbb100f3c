using System.Text;

namespace Harness.Chaos.Proxy;

/// <summary>
/// Replaces a statement's string literals with '?' for transcripts, except a context statement's setting names and
/// values (the tenant ids are what the reader needs). Bind values are redacted where they are recorded.
/// </summary>
internal sealed class StatementRedactor
{
    private readonly StatementClassifier classifier;

    public StatementRedactor(StatementClassifier classifier)
    {
        this.classifier = classifier;
    }

    public string Redact(string statement)
    {
        if (statement.AsSpan().IndexOfAny('\'', '$') < 0)
        {
            // No quote, no dollar: no string literal to redact (most data queries are parameterised), so no tokenizing.
            return statement;
        }

        var tokens = SqlLexer.Tokenize(statement);
        if (!tokens.Exists(t => t.Kind == SqlTokenKind.String))
        {
            return statement;
        }

        var info = tokens.Count == 0 ? StatementInfo.Empty : classifier.Classify(statement, tokens);
        var kept = new HashSet<string>(StringComparer.Ordinal);
        foreach (var assignment in info.Assignments)
        {
            kept.Add(assignment.Setting);
            if (assignment.Value.Literal is { } literal)
            {
                kept.Add(literal);
            }

            if (assignment.LocalFlag.Literal is { } flag)
            {
                kept.Add(flag);
            }
        }

        if (info.ApplicationName?.Literal is { } applicationName)
        {
            kept.Add(applicationName);
        }

        var redacted = new StringBuilder(statement.Length);
        var position = 0;
        foreach (var token in tokens.Where(t => t.Kind == SqlTokenKind.String))
        {
            redacted.Append(statement, position, token.Start - position);
            redacted.Append(kept.Contains(token.Text) ? statement.AsSpan(token.Start, token.Length) : "'?'");
            position = token.Start + token.Length;
        }

        redacted.Append(statement, position, statement.Length - position);
        return redacted.ToString();
    }
}
