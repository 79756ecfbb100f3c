using Harness.Sql;

namespace Harness.Model;

/// <summary>A table name as PostgreSQL stores it (unquoted, case preserved).</summary>
public readonly record struct TableName(string Value)
{
    /// <summary>The name quoted for SQL, e.g. <c>"sign_ins"</c>.</summary>
    public string Quoted => SqlIdentifier.Quote(Value);

    public override string ToString() => Value;
}
