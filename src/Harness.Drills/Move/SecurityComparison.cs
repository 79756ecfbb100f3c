using Harness.Snapshots;

namespace Harness.Drills.Move;

/// <summary>
/// What isolation a move's destination lacks or adds for the moved tables, from two security catalogs: row level security and
/// FORCE per table, the tables' policies (command, roles, expressions) and the privileges on the tables and their columns.
/// Owners are not compared (a dedicated cell may have its own), nor objects outside the tenant tables.
/// </summary>
internal static class SecurityComparison
{
    private static readonly StringComparer Ordinal = StringComparer.Ordinal;

    /// <summary>Each difference as (table, what the source has, what the destination has).</summary>
    public static IReadOnlyList<(string Table, string What, string Source, string Destination)> Between(
        SecurityCatalog source, SecurityCatalog destination, IReadOnlySet<string> tables)
    {
        var differences = new List<(string, string, string, string)>();
        foreach (var table in tables.Order(Ordinal))
        {
            var before = source.Tables.FirstOrDefault(t => t.Name == table);
            var after = destination.Tables.FirstOrDefault(t => t.Name == table);
            if (before is null || after is null)
            {
                continue; // a missing table is MOV002's
            }

            if (before.RowSecurity != after.RowSecurity || before.ForceRowSecurity != after.ForceRowSecurity)
            {
                differences.Add((table, "row level security", Switches(before), Switches(after)));
            }

            Compare(differences, table, "policy",
                source.Policies.Where(p => p.Table == table).ToDictionary(p => p.Name, Describe, Ordinal),
                destination.Policies.Where(p => p.Table == table).ToDictionary(p => p.Name, Describe, Ordinal));
            Compare(differences, table, "privilege",
                Privileges(source, table), Privileges(destination, table));
        }

        return differences;
    }

    private static void Compare(
        List<(string, string, string, string)> differences, string table, string kind, Dictionary<string, string> before, Dictionary<string, string> after)
    {
        foreach (var name in before.Keys.Union(after.Keys, Ordinal).Order(Ordinal))
        {
            var earlier = before.GetValueOrDefault(name);
            var later = after.GetValueOrDefault(name);
            if (earlier != later)
            {
                differences.Add((table, $"{kind} {name}", earlier ?? "(none)", later ?? "(none)"));
            }
        }
    }

    private static Dictionary<string, string> Privileges(SecurityCatalog catalog, string table) =>
        catalog.Privileges
            .Where(p => p.Name == table && p.ObjectKind is "table" or "column")
            .Select(p => $"{p.Privilege}{(p.Column is null ? "" : $" ({p.Column})")} to {p.Grantee}")
            .Distinct(Ordinal)
            .ToDictionary(p => p, p => "granted", Ordinal);

    private static string Switches(TableSecurity table) =>
        $"row level security {(table.RowSecurity ? "on" : "off")}, force {(table.ForceRowSecurity ? "on" : "off")}";

    private static string Describe(PolicySnapshot p) =>
        $"{(p.Permissive ? "permissive" : "restrictive")} for {p.Command} to {string.Join(", ", p.Roles)}"
        + (p.Using is null ? "" : $" using ({p.Using})")
        + (p.WithCheck is null ? "" : $" with check ({p.WithCheck})");
}
