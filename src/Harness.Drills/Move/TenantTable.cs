using System.Globalization;
using Harness.Sql;

namespace Harness.Drills.Move;

/// <summary>
/// A table that holds tenants' rows and how each row is tied to its tenant: by a column of its own (the tenant key, or the
/// root's key on the root), or through a chain of foreign keys to a parent that has one (<see cref="Path"/>).
/// </summary>
/// <param name="Name">The table, unqualified in its schema.</param>
/// <param name="PrimaryKey">Its primary key columns (empty without one): how a finding names rows.</param>
/// <param name="Path">The foreign keys followed from this table to the table that carries <paramref name="TenantColumn"/>; empty when it carries it itself.</param>
/// <param name="TenantColumn">The column naming the tenant, on this table or on the last parent of the path.</param>
public sealed record TenantTable(string Name, IReadOnlyList<string> PrimaryKey, IReadOnlyList<TenantLink> Path, string TenantColumn)
{
    /// <summary>The columns a copy writes, in table order (generated columns left out: the destination computes them).</summary>
    public IReadOnlyList<string> Columns { get; init; } = [];

    /// <summary>Whether the table carries the tenant column itself (no join needed).</summary>
    public bool CarriesKey => Path.Count == 0;

    /// <summary>The tables this one's tenant is read through, itself first.</summary>
    public IEnumerable<string> Chain => [Name, .. Path.Select(l => l.Parent)];

    /// <summary>
    /// The FROM clause: the table as <c>r0</c>, each parent of the path as <c>r1</c>, <c>r2</c>... joined on its foreign key
    /// (<c>LEFT JOIN</c> with <paramref name="outer"/>, so a row whose parent is missing is kept, with a NULL tenant).
    /// </summary>
    public string From(string schema, bool outer = false)
    {
        var sql = $"{SqlIdentifier.Quote(schema, Name)} AS r0";
        for (var i = 0; i < Path.Count; i++)
        {
            var link = Path[i];
            var on = string.Join(" AND ", link.Columns.Select((c, j) =>
                string.Create(CultureInfo.InvariantCulture, $"r{i}.{SqlIdentifier.Quote(c)} = r{i + 1}.{SqlIdentifier.Quote(link.ParentColumns[j])}")));
            sql += string.Create(CultureInfo.InvariantCulture,
                $" {(outer ? "LEFT JOIN" : "JOIN")} {SqlIdentifier.Quote(schema, link.Parent)} AS r{i + 1} ON {on}");
        }

        return sql;
    }

    /// <summary>The tenant of a row of <see cref="From"/>, as text.</summary>
    public string TenantExpression => string.Create(CultureInfo.InvariantCulture, $"(r{Path.Count}.{SqlIdentifier.Quote(TenantColumn)})::text");

    /// <summary>A row's primary key as text (the whole row without a primary key), to name it in a finding.</summary>
    public string KeyExpression => PrimaryKey.Count == 0
        ? "ROW(r0.*)::text"
        : $"ROW({string.Join(", ", PrimaryKey.Select(c => "r0." + SqlIdentifier.Quote(c)))})::text";

    /// <summary>How the table is tied to its tenant, for a message: its own column, or the chain of parents.</summary>
    public string Describe() => CarriesKey
        ? $"{Name}.{TenantColumn}"
        : $"{string.Join(" -> ", Chain)}.{TenantColumn} (through foreign keys {string.Join(", ", Path.Select(l => l.ForeignKey))})";
}

/// <summary>One foreign key followed from a table to its parent.</summary>
public sealed record TenantLink(string ForeignKey, IReadOnlyList<string> Columns, string Parent, IReadOnlyList<string> ParentColumns);
