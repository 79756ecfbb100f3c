using Harness.Catalog;

namespace Harness.Seeders;

/// <summary>
/// What a column's CHECK constraints and domain checks allow, as far as the seeder understands them: a list of
/// values, a numeric range, a text length, a pattern. Checks it cannot read are kept by name, so a failure names them.
/// </summary>
internal sealed record ColumnConstraint
{
    /// <summary>The only values allowed (as SQL literal text, cast by PostgreSQL), or null when not restricted to a list.</summary>
    public IReadOnlyList<string?>? AllowedValues { get; init; }

    public decimal? Min { get; init; }

    public bool MinExclusive { get; init; }

    public decimal? Max { get; init; }

    public bool MaxExclusive { get; init; }

    public int? MinLength { get; init; }

    public int? MaxLength { get; init; }

    /// <summary>A pattern every value must match, or null.</summary>
    public RegexPattern? Pattern { get; init; }

    /// <summary>Whether anything restricts the values.</summary>
    public bool IsEmpty => AllowedValues is null && Min is null && Max is null && MinLength is null && MaxLength is null && Pattern is null;

    /// <summary>The name of the first check that restricts the column to a list, for messages.</summary>
    public string? ListCheck { get; init; }

    /// <summary>The constraint of one column from every single-column check on it, or throws for a pattern it cannot generate.</summary>
    public static ColumnConstraint For(TableInfo table, ColumnInfo column)
    {
        var result = new ColumnConstraint();
        var checks = table.Checks.Where(c => c.Columns.Count == 1 && c.Columns[0] == column.Name)
            .Select(c => (Check: c, Name: column.Name))
            .Concat(table.DomainChecks.Where(c => c.Columns.Count == 1 && c.Columns[0] == column.Name).Select(c => (Check: c, Name: "VALUE")));
        foreach (var (check, name) in checks)
        {
            if (CheckParser.Parse(check.Definition, name) is not { } terms)
            {
                continue; // not understood: a failing row is reported naming the check (LoadErrors)
            }

            foreach (var term in terms)
            {
                result = term switch
                {
                    CheckParser.InList list => result with
                    {
                        ListCheck = result.ListCheck ?? check.Name,
                        AllowedValues = result.AllowedValues is null ? list.Values : [.. result.AllowedValues.Intersect(list.Values)],
                    },
                    CheckParser.Compare { Op: ">=" or ">" } c when result.Min is null || c.Value > result.Min =>
                        result with { Min = c.Value, MinExclusive = c.Op == ">" },
                    CheckParser.Compare { Op: "<=" or "<" } c when result.Max is null || c.Value < result.Max =>
                        result with { Max = c.Value, MaxExclusive = c.Op == "<" },
                    CheckParser.Compare { Op: "=" } c => result with { ListCheck = check.Name, AllowedValues = [c.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)] },
                    CheckParser.Length { Op: "<=" or "<" } l => result with
                    {
                        MaxLength = Math.Min(result.MaxLength ?? int.MaxValue, l.Op == "<" ? l.Value - 1 : l.Value),
                    },
                    CheckParser.Length { Op: ">=" or ">" } l => result with
                    {
                        MinLength = Math.Max(result.MinLength ?? 0, l.Op == ">" ? l.Value + 1 : l.Value),
                    },
                    CheckParser.Length { Op: "=" } l => result with { MinLength = l.Value, MaxLength = l.Value },
                    CheckParser.Matches m => result with
                    {
                        Pattern = RegexPattern.TryParse(m.Pattern, out var pattern, out var problem)
                            ? pattern
                            : throw Unsupported(table, column, check, problem),
                    },
                    _ => result,
                };
            }
        }

        return result;
    }

    private static SeedException Unsupported(TableInfo table, ColumnInfo column, CheckInfo check, string problem) => new(
        $"cannot seed {table.DisplayName}.{column.Name}: its check {check.Name} ({check.Definition}) uses a pattern the seeder cannot generate ({problem}); " +
        $"add a rule in harness.yaml: seed: rules: {{ {table.Name}.{column.Name}: {{ values: [<values that match>] }} }}")
    {
        Table = table.DisplayName,
        Column = column.Name,
    };
}
