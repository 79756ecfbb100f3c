using System.Text.RegularExpressions;

namespace Harness.Migrations;

/// <summary>A statement of a migration file that creates or secures an object, and where it is.</summary>
/// <param name="Name">The object's name as PostgreSQL stores it (unquoted; lower case unless it was quoted), without its schema.</param>
/// <param name="Table">For a policy, the table it is on (likewise without schema); else null.</param>
/// <param name="File">The migration file.</param>
/// <param name="Line">The 1-based line the statement starts on.</param>
public sealed record MigrationDefinition(MigrationObjectKind Kind, string Name, string? Table, string File, int Line);

/// <summary>What a <see cref="MigrationDefinition"/> creates or secures.</summary>
public enum MigrationObjectKind
{
    /// <summary><c>CREATE TABLE</c>.</summary>
    Table,

    /// <summary><c>ALTER TABLE ... ENABLE ROW LEVEL SECURITY</c>.</summary>
    RowSecurity,

    /// <summary><c>CREATE POLICY name ON table</c>.</summary>
    Policy,

    /// <summary><c>CREATE [OR REPLACE] FUNCTION</c> (or procedure).</summary>
    Function,

    /// <summary><c>CREATE [OR REPLACE] [MATERIALIZED] VIEW</c>.</summary>
    View,
}

/// <summary>
/// Finds where a SQL folder's migrations create tables, views, functions and policies and enable row-level security,
/// so a report can point at the line that defines what a finding is about. Quoted and schema-qualified names are read
/// as PostgreSQL would; comments, string literals and dollar-quoted bodies are not read.
/// </summary>
public static partial class MigrationDefinitionScanner
{
    private const string Ident = """(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)""";

    private const string Qualified = $@"(?:{Ident}\s*\.\s*)?(?<n>{Ident})";

    /// <summary>The definitions of every <c>*.sql</c> file of <paramref name="folder"/>, in migration order.</summary>
    public static IReadOnlyList<MigrationDefinition> ScanFolder(string folder) =>
        [.. new SqlFolderMigrator(folder).Files().SelectMany(f => Scan(File.ReadAllText(f), f))];

    /// <summary>The definitions of one SQL text, in order.</summary>
    public static IReadOnlyList<MigrationDefinition> Scan(string sql, string file)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var code = SchemaReferenceScanner.Blank(sql);
        var found = new List<MigrationDefinition>();
        var start = 0;
        foreach (var statement in code.Split(';'))
        {
            if (Definition(statement, file) is { } definition)
            {
                var offset = start + statement.Length - statement.TrimStart().Length;
                found.Add(definition with { Line = sql.AsSpan(0, Math.Min(offset, sql.Length)).Count('\n') + 1 });
            }

            start += statement.Length + 1;
        }

        return found;
    }

    private static MigrationDefinition? Definition(string statement, string file)
    {
        if (CreateTable().Match(statement) is { Success: true } table)
        {
            return new(MigrationObjectKind.Table, Name(table.Groups["n"].Value), null, file, 0);
        }

        if (EnableRowSecurity().Match(statement) is { Success: true } secured)
        {
            return new(MigrationObjectKind.RowSecurity, Name(secured.Groups["n"].Value), null, file, 0);
        }

        if (CreatePolicy().Match(statement) is { Success: true } policy)
        {
            return new(MigrationObjectKind.Policy, Name(policy.Groups["p"].Value), Name(policy.Groups["n"].Value), file, 0);
        }

        if (CreateRoutine().Match(statement) is { Success: true } routine)
        {
            return new(MigrationObjectKind.Function, Name(routine.Groups["n"].Value), null, file, 0);
        }

        return CreateView().Match(statement) is { Success: true } view
            ? new(MigrationObjectKind.View, Name(view.Groups["n"].Value), null, file, 0)
            : null;
    }

    /// <summary>A name as PostgreSQL stores it: a quoted one as written, an unquoted one folded to lower case.</summary>
    internal static string Name(string identifier) =>
        identifier.StartsWith('"') ? identifier[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : identifier.ToLowerInvariant();

    [GeneratedRegex(
        $@"^\s*CREATE\s+(?:(?:GLOBAL|LOCAL|TEMP|TEMPORARY|UNLOGGED)\s+)*TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?{Qualified}",
        RegexOptions.IgnoreCase)]
    private static partial Regex CreateTable();

    [GeneratedRegex(
        $@"^\s*ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?{Qualified}\s+(?:FORCE|ENABLE)\s+ROW\s+LEVEL\s+SECURITY",
        RegexOptions.IgnoreCase)]
    private static partial Regex EnableRowSecurity();

    [GeneratedRegex($@"^\s*CREATE\s+POLICY\s+(?<p>{Ident})\s+ON\s+{Qualified}", RegexOptions.IgnoreCase)]
    private static partial Regex CreatePolicy();

    [GeneratedRegex($@"^\s*CREATE\s+(?:OR\s+REPLACE\s+)?(?:FUNCTION|PROCEDURE)\s+{Qualified}\s*\(", RegexOptions.IgnoreCase)]
    private static partial Regex CreateRoutine();

    [GeneratedRegex(
        $@"^\s*CREATE\s+(?:OR\s+REPLACE\s+)?(?:(?:TEMP|TEMPORARY|RECURSIVE|MATERIALIZED)\s+)*VIEW\s+(?:IF\s+NOT\s+EXISTS\s+)?{Qualified}",
        RegexOptions.IgnoreCase)]
    private static partial Regex CreateView();
}
