using System.Text.RegularExpressions;
using static Harness.Scenarios.Survival.StatementLocator;

namespace Harness.Scenarios.Survival;

/// <summary>
/// The static lint of a migration's text (rule MIG013): statements that often break tenant isolation and deserve a look
/// whatever the catalog says afterwards. Each <see cref="MigrationLintKind"/> is found case-insensitively across lines,
/// only in statements (<see cref="SqlStatementSplitter"/>): never in comments, string literals or function bodies.
/// </summary>
public static partial class MigrationLint
{
    /// <summary>The flagged statements of one migration file's <paramref name="text"/>, in order of line.</summary>
    /// <param name="path">The file, as the hits should name it.</param>
    public static IReadOnlyList<MigrationLintHit> Lint(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(text);
        var hits = new List<MigrationLintHit>();
        foreach (var statement in SqlStatementSplitter.Split(text))
        {
            foreach (var (kind, subject, message) in Flags(statement))
            {
                hits.Add(new MigrationLintHit(kind, path, statement.Line, statement.Excerpt, subject, message));
            }
        }

        return hits;
    }

    private static IEnumerable<(MigrationLintKind Kind, string Subject, string Message)> Flags(SqlStatement statement)
    {
        var code = statement.Code;
        if (AlterTable().Match(code) is { Success: true } alter)
        {
            var table = Name(alter.Groups["n"].Value);
            if (DisableRowSecurity().IsMatch(code))
            {
                yield return (MigrationLintKind.DisableRowSecurity, table,
                    $"row-level security is disabled on {table}: every role that can read it then sees every tenant's rows; "
                    + "check that the table holds no tenant data or that a later statement of the same migration enables it again");
            }

            if (NoForceRowSecurity().IsMatch(code))
            {
                yield return (MigrationLintKind.NoForceRowSecurity, table,
                    $"FORCE ROW LEVEL SECURITY is removed from {table}: its owner (often the role the app or a job connects as) "
                    + "then bypasses every policy; check that no tenant-facing code runs as the owner");
            }
        }

        if (DropPolicy().Match(code) is { Success: true } drop)
        {
            var subject = $"{Name(drop.Groups["p"].Value)} on {Name(drop.Groups["n"].Value)}";
            yield return (MigrationLintKind.DropPolicy, subject,
                $"policy {subject} is dropped: until a replacement exists the table filters less (or, with RLS on and no policy "
                + "left, nothing is visible); check that the same migration creates the replacement with the same tenant condition");
        }

        if (CreateTable().Match(code) is { Success: true } create
            && LikeIncludingAll().Match(code, create.Index + create.Length) is { Success: true } like)
        {
            var table = Name(create.Groups["n"].Value);
            var source = Name(like.Groups["n"].Value);
            yield return (MigrationLintKind.CreateTableLikeIncludingAll, table,
                $"{table} is created LIKE {source} INCLUDING ALL, which copies columns, defaults, constraints and indexes but not "
                + $"row-level security, FORCE, policies or grants; check that the migration enables and forces RLS on {table} and "
                + "creates its tenant policies");
        }

        if (CreateRoutine().Match(code) is { Success: true } routine && SecurityDefiner().IsMatch(code) && !SetSearchPath().IsMatch(code))
        {
            var function = Name(routine.Groups["n"].Value);
            yield return (MigrationLintKind.SecurityDefinerWithoutSearchPath, function,
                $"function {function} is SECURITY DEFINER without SET search_path: it runs with its owner's rights and resolves "
                + "names through the caller's search_path, so a caller can shadow a table or function it uses; add SET search_path "
                + "= pg_catalog, <its schema> to the statement and check that it filters by tenant itself");
        }

        if (Grant().Match(code) is { Success: true } grant && Grantees(grant.Groups["to"].Value).Any(g => g == "public"))
        {
            var subject = code.StartsWith("ALTER", StringComparison.OrdinalIgnoreCase)
                ? "default privileges"
                : GrantObject().Match(grant.Groups["what"].Value) is { Success: true } on ? Name(on.Groups["n"].Value) : "";
            yield return (MigrationLintKind.GrantToPublic, subject,
                $"{(subject.Length > 0 ? subject : "a privilege")} is granted TO PUBLIC: every role of the database, including "
                + "roles of other apps and tenants, gets it; check that the object holds no tenant data and grant the app role instead");
        }

        if (CreateView().Match(code) is { Success: true } view)
        {
            var name = Name(view.Groups["n"].Value);
            var options = view.Groups["opts"];
            var invoker = options.Success ? SecurityInvoker(statement.Text.Substring(options.Index, options.Length)) : null;
            if (invoker != true)
            {
                var how = invoker is null ? "without security_invoker" : "with security_invoker off";
                yield return (MigrationLintKind.ViewWithoutSecurityInvoker, name,
                    $"view {name} is created {how}: it reads its tables with its owner's rights, so row-level security is checked "
                    + "for the owner (who often bypasses it) and not for the querying tenant; add WITH (security_invoker = true) "
                    + "or check that the view filters by tenant itself");
            }
        }
    }

    /// <summary>The roles of a grantee list as PostgreSQL stores their names (<c>GROUP</c> dropped).</summary>
    private static IEnumerable<string> Grantees(string list) =>
        list.Split(',').Select(g => GroupPrefix().Replace(g.Trim(), "")).Where(g => g.Length > 0).Select(Name);

    /// <summary>
    /// The value of <c>security_invoker</c> in a view's <c>WITH (...)</c> options as written: true or false as PostgreSQL
    /// reads a boolean (true, on, yes, 1 and their prefixes; a name alone is true), or null when it is not among them.
    /// </summary>
    private static bool? SecurityInvoker(string options)
    {
        foreach (var option in options.Split(','))
        {
            var parts = option.Split('=', 2);
            if (Name(parts[0].Trim()) != "security_invoker")
            {
                continue;
            }

            var value = parts.Length == 1 ? "true" : parts[1].Trim().Trim('\'', '"').ToLowerInvariant();
            return value.StartsWith('t') || value.StartsWith('y') || value is "on" or "1";
        }

        return null;
    }

    [GeneratedRegex($@"^ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?{Qualified}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex AlterTable();

    [GeneratedRegex(@"\bDISABLE\s+ROW\s+LEVEL\s+SECURITY\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex DisableRowSecurity();

    [GeneratedRegex(@"\bNO\s+FORCE\s+ROW\s+LEVEL\s+SECURITY\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex NoForceRowSecurity();

    [GeneratedRegex($@"^DROP\s+POLICY\s+(?:IF\s+EXISTS\s+)?(?<p>{Ident})\s+ON\s+{Qualified}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex DropPolicy();

    [GeneratedRegex(
        $@"^CREATE\s+(?:(?:GLOBAL|LOCAL|TEMP|TEMPORARY|UNLOGGED)\s+)*TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?{Qualified}\s*\(",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex CreateTable();

    [GeneratedRegex(
        $@"\G(?:[^()]|\([^()]*\))*?(?<![\w$""])LIKE\s+{Qualified}(?:\s+(?:INCLUDING|EXCLUDING)\s+\w+)*?\s+INCLUDING\s+ALL\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex LikeIncludingAll();

    [GeneratedRegex($@"^CREATE\s+(?:OR\s+REPLACE\s+)?(?:FUNCTION|PROCEDURE)\s+{Qualified}\s*\(", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex CreateRoutine();

    [GeneratedRegex(@"\bSECURITY\s+DEFINER\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex SecurityDefiner();

    [GeneratedRegex(
        @"\bSET\s+(?:search_path|""search_path"")\s*(?:(?:=|TO)\s*(?!DEFAULT\b)\S|FROM\s+CURRENT\b)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex SetSearchPath();

    [GeneratedRegex(
        @"^(?:ALTER\s+DEFAULT\s+PRIVILEGES\b.*?)?\bGRANT\b(?<what>.*?)\bTO\s+(?<to>.*?)(?:\s+WITH\s+(?:GRANT|ADMIN|INHERIT|SET)\b.*|\s+GRANTED\s+BY\b.*)?$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline, 1000)]
    private static partial Regex Grant();

    [GeneratedRegex(
        $@"\bON\s+(?:(?:TABLE|SEQUENCE|FUNCTION|PROCEDURE|ROUTINE|SCHEMA|DATABASE|TYPE|DOMAIN|LANGUAGE|TABLESPACE|FOREIGN\s+DATA\s+WRAPPER|FOREIGN\s+SERVER|LARGE\s+OBJECT|ALL\s+(?:TABLES|SEQUENCES|FUNCTIONS|PROCEDURES|ROUTINES)\s+IN\s+SCHEMA)\s+)?{Qualified}",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex GrantObject();

    [GeneratedRegex(@"^GROUP\s+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex GroupPrefix();

    [GeneratedRegex(
        $@"^CREATE\s+(?:OR\s+REPLACE\s+)?(?:(?:TEMP|TEMPORARY)\s+)?(?:RECURSIVE\s+)?VIEW\s+{Qualified}\s*(?:\([^)]*\)\s*)?(?:WITH\s*\((?<opts>[^)]*)\))?",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex CreateView();
}
