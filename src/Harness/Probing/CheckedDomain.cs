using System.Globalization;
using System.Text.RegularExpressions;
using Harness.Catalog;

namespace Harness.Probing;

/// <summary>
/// What a column's own CHECK constraints allow, as far as a fresh value needs to know: a list of allowed values
/// (<c>col IN (...)</c>, printed as <c>col = ANY (ARRAY[...])</c>) or numeric bounds (<c>col BETWEEN a AND b</c>,
/// <c>col &gt;= a</c>...). Checks over several columns, or with OR, are left alone: a copy keeps those columns' values.
/// </summary>
/// <param name="Allowed">The allowed values as text, or empty when the checks give no list.</param>
/// <param name="Min">The least allowed number, when a check bounds it from below.</param>
/// <param name="Max">The greatest allowed number, when a check bounds it from above.</param>
public sealed partial record CheckedDomain(IReadOnlyList<string> Allowed, decimal? Min, decimal? Max)
{
    /// <summary>The domain <paramref name="column"/>'s single-column checks give, or null when they say nothing usable.</summary>
    public static CheckedDomain? Of(TableInfo table, ColumnInfo column)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(column);
        var allowed = new List<string>();
        decimal? min = null;
        decimal? max = null;
        foreach (var check in table.Checks.Where(c => c.Columns.Count == 1 && c.Columns[0] == column.Name))
        {
            var list = AnyArray().Match(check.Definition);
            if (list.Success)
            {
                allowed.AddRange(Items(list.Groups["list"].Value));
                continue;
            }

            if (check.Definition.Contains(" OR ", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            foreach (Match bound in Bound().Matches(check.Definition).Where(m => Unquoted(m.Groups["column"].Value) == column.Name))
            {
                var n = decimal.Parse(bound.Groups["n"].Value, NumberStyles.Number, CultureInfo.InvariantCulture);
                switch (bound.Groups["op"].Value)
                {
                    case ">=": min = Math.Max(min ?? n, n); break;
                    case ">": min = Math.Max(min ?? n + 1, n + 1); break;
                    case "<=": max = Math.Min(max ?? n, n); break;
                    case "<": max = Math.Min(max ?? n - 1, n - 1); break;
                }
            }
        }

        return allowed.Count == 0 && min is null && max is null ? null : new CheckedDomain(allowed, min, max);
    }

    /// <summary>Whether <paramref name="value"/> lies within the bounds.</summary>
    public bool Admits(decimal value) => (Min is null || value >= Min) && (Max is null || value <= Max);

    /// <summary>The <paramref name="n"/>-th fresh number within the bounds, counted down from the top (seeded rows usually sit at the bottom).</summary>
    public decimal Within(long n)
    {
        var top = Max ?? (Min ?? 0) + 1_000_000;
        var bottom = Min ?? top - 1_000_000;
        var span = Math.Max(1, Math.Min(top - bottom + 1, 1_000_000_000m));
        return top - (n % (long)span);
    }

    private static IEnumerable<string> Items(string list) =>
        Item().Matches(list).Select(m => m.Groups["text"].Success ? m.Groups["text"].Value.Replace("''", "'", StringComparison.Ordinal) : m.Groups["n"].Value);

    private static string Unquoted(string name) =>
        name.Length > 1 && name[0] == '"' ? name[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : name;

    [GeneratedRegex(@"=\s*ANY\s*\(+\s*ARRAY\[(?<list>.*)\]", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex AnyArray();

    [GeneratedRegex(@"'(?<text>(?:[^']|'')*)'|(?<![\w.])(?<n>-?\d+(?:\.\d+)?)", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Item();

    [GeneratedRegex(@"\(*(?<column>""(?:[^""]|"""")+""|[a-z_][a-z0-9_$]*)\)*(?:::[a-z ]+)?\s*(?<op>>=|<=|>|<)\s*\(*'?(?<n>-?\d+(?:\.\d+)?)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, 1000)]
    private static partial Regex Bound();
}
