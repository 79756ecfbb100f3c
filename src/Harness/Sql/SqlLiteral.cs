namespace Harness.Sql;

/// <summary>PostgreSQL string constants written into SQL text: single-quoted, each single quote inside doubled.</summary>
public static class SqlLiteral
{
    /// <summary>The value as a standard string constant, e.g. <c>'it''s'</c>.</summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
    }
}
