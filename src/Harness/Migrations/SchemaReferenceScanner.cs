using System.Text;
using System.Text.RegularExpressions;

namespace Harness.Migrations;

/// <summary>
/// Finds migration statements that name schemas: <c>CREATE SCHEMA</c>, schema-qualified CREATE/ALTER of tables,
/// views, functions, types, sequences and domains, indexes, policies and triggers ON a qualified table,
/// <c>REFERENCES x.y</c>, schema-qualified function calls (<c>DEFAULT extensions.gen_random_bytes(16)</c>,
/// <c>auth.uid()</c>), <c>GRANT ... ON SCHEMA x</c> and <c>CREATE EXTENSION ... SCHEMA x</c> for a schema other than
/// <c>public</c>. Such migrations cannot run in a worker schema: they need <c>database.isolation: database</c>.
/// Comments, string literals and dollar-quoted bodies are not read (a function body runs later, with its own search path).
/// </summary>
public static partial class SchemaReferenceScanner
{
    private const string Ident = """(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)""";

    /// <summary>The schema-naming statements of every <c>*.sql</c> file of <paramref name="folder"/>, in migration order.</summary>
    public static IReadOnlyList<SchemaReference> ScanFolder(string folder) =>
        [.. new SqlFolderMigrator(folder).Files().SelectMany(f => Scan(File.ReadAllText(f), f))];

    /// <summary>The schema-naming statements of one SQL text, in order.</summary>
    public static IReadOnlyList<SchemaReference> Scan(string sql, string file)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var code = Blank(sql);
        var found = new List<SchemaReference>();
        var start = 0;
        foreach (var statement in code.Split(';'))
        {
            var hits = Hits(statement).ToList();
            if (hits.Count > 0)
            {
                var at = start + hits.Min(h => h.Offset);
                var schemas = hits.Select(h => h.Schema).Distinct(StringComparer.Ordinal).ToList();
                found.Add(new SchemaReference(file, LineOf(sql, at), schemas, ExcerptAt(sql, start + LeadingSpace(statement))));
            }

            start += statement.Length + 1;
        }

        return found;
    }

    /// <summary>The error for migrations that name schemas under schema isolation, or null when there are none.</summary>
    public static MigrationException? RefusalFor(IReadOnlyList<SchemaReference> references)
    {
        ArgumentNullException.ThrowIfNull(references);
        if (references.Count == 0)
        {
            return null;
        }

        var first = references[0];
        var schemas = references.SelectMany(r => r.Schemas).Distinct(StringComparer.Ordinal).ToList();
        return new MigrationException(
            $"the migrations name schemas ({string.Join(", ", schemas)}), first at {first.File}:{first.Line}: {first.Excerpt}; "
            + "a worker schema cannot hold objects of other schemas, so set database.isolation: database in the manifest "
            + "(one database per worker, copied from a template migrated once)")
        {
            Migration = first.File,
        };
    }

    private static IEnumerable<(int Offset, string Schema)> Hits(string statement)
    {
        foreach (var regex in new[] { CreateSchema(), QualifiedObject(), OnQualifiedTable(), References(), QualifiedCall() })
        {
            foreach (Match m in regex.Matches(statement))
            {
                var schema = Name(m.Groups["s"].Value);
                if (schema != "pg_catalog")
                {
                    yield return (m.Groups["s"].Index, schema);
                }
            }
        }

        foreach (var regex in new[] { GrantOnSchema(), ExtensionSchema() })
        {
            foreach (Match m in regex.Matches(statement))
            {
                var schema = Name(m.Groups["s"].Value);
                if (schema is not "public" and not "pg_catalog")
                {
                    yield return (m.Groups["s"].Index, schema);
                }
            }
        }
    }

    private static string Name(string identifier) =>
        identifier.StartsWith('"') ? identifier[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : identifier.ToLowerInvariant();

    /// <summary>The text with comments, string literals and dollar-quoted bodies replaced by spaces (line breaks kept).</summary>
    internal static string Blank(string sql)
    {
        var text = new StringBuilder(sql);
        var i = 0;
        while (i < sql.Length)
        {
            var end = i;
            if (sql[i] == '-' && i + 1 < sql.Length && sql[i + 1] == '-')
            {
                end = sql.IndexOf('\n', i) is var n and >= 0 ? n : sql.Length;
            }
            else if (sql[i] == '/' && i + 1 < sql.Length && sql[i + 1] == '*')
            {
                end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal) is var c and >= 0 ? c + 2 : sql.Length;
            }
            else if (sql[i] == '\'')
            {
                end = i + 1;
                while (end < sql.Length && (sql[end] != '\'' || (end + 1 < sql.Length && sql[end + 1] == '\'' && ++end > 0)))
                {
                    end++;
                }

                end = Math.Min(end + 1, sql.Length);
            }
            else if (sql[i] == '$' && DollarTag().Match(sql, i) is { Success: true } tag)
            {
                var close = sql.IndexOf(tag.Value, i + tag.Length, StringComparison.Ordinal);
                end = close >= 0 ? close + tag.Length : sql.Length;
            }

            if (end > i)
            {
                for (var k = i; k < end; k++)
                {
                    if (text[k] != '\n')
                    {
                        text[k] = ' ';
                    }
                }

                i = end;
            }
            else
            {
                i++;
            }
        }

        return text.ToString();
    }

    private static int LineOf(string text, int offset) => text.AsSpan(0, Math.Min(offset, text.Length)).Count('\n') + 1;

    private static int LeadingSpace(string statement) => statement.Length - statement.TrimStart().Length;

    private static string ExcerptAt(string sql, int offset)
    {
        var end = sql.IndexOf('\n', offset);
        var line = (end < 0 ? sql[offset..] : sql[offset..end]).Trim();
        return line.Length > 120 ? line[..117] + "..." : line;
    }

    [GeneratedRegex(@"\$[A-Za-z_0-9]*\$")]
    private static partial Regex DollarTag();

    [GeneratedRegex($@"^\s*CREATE\s+SCHEMA\s+(?:IF\s+NOT\s+EXISTS\s+)?(?:AUTHORIZATION\s+)?(?<s>{Ident})", RegexOptions.IgnoreCase)]
    private static partial Regex CreateSchema();

    [GeneratedRegex(
        $@"^\s*(?:CREATE|ALTER)\s+(?:OR\s+REPLACE\s+)?(?:(?:GLOBAL|LOCAL|TEMP|TEMPORARY|UNLOGGED|MATERIALIZED|RECURSIVE|CONSTRAINT)\s+)*"
        + $@"(?:TABLE|VIEW|FUNCTION|PROCEDURE|TYPE|SEQUENCE|DOMAIN|AGGREGATE)\s+(?:IF\s+(?:NOT\s+)?EXISTS\s+)?(?:ONLY\s+)?(?<s>{Ident})\s*\.\s*{Ident}",
        RegexOptions.IgnoreCase)]
    private static partial Regex QualifiedObject();

    [GeneratedRegex($@"^\s*CREATE\s+(?:UNIQUE\s+)?(?:INDEX|POLICY|TRIGGER|CONSTRAINT\s+TRIGGER|RULE)\b.*?\bON\s+(?:ONLY\s+)?(?<s>{Ident})\s*\.\s*{Ident}", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex OnQualifiedTable();

    [GeneratedRegex($@"\bREFERENCES\s+(?<s>{Ident})\s*\.\s*{Ident}", RegexOptions.IgnoreCase)]
    private static partial Regex References();

    [GeneratedRegex($@"(?<![\w.""])(?<s>{Ident})\s*\.\s*{Ident}\s*\(", RegexOptions.IgnoreCase)]
    private static partial Regex QualifiedCall();

    [GeneratedRegex($@"^\s*(?:GRANT|REVOKE)\b[^;]*?\bON\s+(?:ALL\s+(?:TABLES|SEQUENCES|FUNCTIONS|ROUTINES)\s+IN\s+)?SCHEMA\s+(?<s>{Ident})", RegexOptions.IgnoreCase)]
    private static partial Regex GrantOnSchema();

    [GeneratedRegex($@"^\s*CREATE\s+EXTENSION\b[^;]*?\bSCHEMA\s+(?<s>{Ident})", RegexOptions.IgnoreCase)]
    private static partial Regex ExtensionSchema();
}
