namespace Harness.Sql;

/// <summary>
/// PostgreSQL identifiers written into SQL text: always double-quoted, each double quote inside doubled, so a name
/// keeps its exact case and characters (<c>Company</c> becomes <c>"Company"</c>, <c>a"b</c> becomes <c>"a""b"</c>).
/// </summary>
public static class SqlIdentifier
{
    /// <summary>One quoted identifier, e.g. <c>"companyId"</c>.</summary>
    public static string Quote(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>A schema-qualified name, each part quoted, e.g. <c>"app"."Company"</c>.</summary>
    public static string Quote(string schema, string name) => Quote(schema) + "." + Quote(name);
}
