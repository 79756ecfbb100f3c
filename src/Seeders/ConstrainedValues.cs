using Harness.Catalog;

namespace Harness.Seeders;

/// <summary>Value sources that keep to what a column's checks allow: numbers within a range, text of a length or a pattern.</summary>
internal static class ConstrainedValues
{
    private const long OpenSpan = 1000;

    public static ValueGenerator.Source For(ColumnInfo column, ColumnConstraint constraint, bool unique, int seed, DateTimeOffset epoch, string scope)
    {
        var plain = ValueGenerator.For(column, unique, seed, epoch, scope);
        return column.TypeName switch
        {
            "int2" or "int4" or "int8" when constraint.Min is not null || constraint.Max is not null => Integers(column, constraint, unique),
            "numeric" or "float4" or "float8" when constraint.Min is not null || constraint.Max is not null => Decimals(column, constraint),
            "text" or "varchar" or "bpchar" or "citext" or "name" => Text(column, constraint, unique, plain),
            _ => plain,
        };
    }

    private static ValueGenerator.Source Integers(ColumnInfo column, ColumnConstraint constraint, bool unique)
    {
        var (low, high) = Bounds(constraint, 1m);
        var span = high - low + 1;
        object Box(long value) => column.TypeName switch
        {
            "int2" => (short)value,
            "int4" => (int)value,
            _ => value,
        };
        return unique
            ? (_, n, _) => Box(low + ((n - 1) % span))
            : (random, _, _) => Box(low + random.NextInt64(span));
    }

    private static ValueGenerator.Source Decimals(ColumnInfo column, ColumnConstraint constraint)
    {
        var (low, high) = Bounds(constraint, 0.01m);
        var span = high - low + 1;
        return column.TypeName switch
        {
            "float4" => (random, _, _) => (float)((low + random.NextInt64(span)) / 100.0),
            "float8" => (random, _, _) => (low + random.NextInt64(span)) / 100.0,
            _ => (random, _, _) => (low + random.NextInt64(span)) / 100m,
        };
    }

    /// <summary>The inclusive range in steps of <paramref name="step"/> (1 or 0.01), as whole steps.</summary>
    private static (long Low, long High) Bounds(ColumnConstraint constraint, decimal step)
    {
        long? low = constraint.Min is { } min ? (long)(Math.Floor(min / step) + (constraint.MinExclusive || Math.Floor(min / step) != min / step ? 1 : 0)) : null;
        long? high = constraint.Max is { } max ? (long)(Math.Ceiling(max / step) - (constraint.MaxExclusive || Math.Ceiling(max / step) != max / step ? 1 : 0)) : null;
        var span = (long)(OpenSpan / step);
        var from = low ?? (high is { } h ? Math.Min(0, h - span) : 0);
        var to = high ?? from + span;
        return to < from ? throw new SeedException($"the checks on the column allow no number (from {constraint.Min} to {constraint.Max})") : (from, to);
    }

    private static ValueGenerator.Source Text(ColumnInfo column, ColumnConstraint constraint, bool unique, ValueGenerator.Source plain)
    {
        var max = Math.Min(constraint.MaxLength ?? int.MaxValue, column.MaxLength ?? int.MaxValue);
        var min = constraint.MinLength ?? 0;
        var pattern = constraint.Pattern;
        return (random, n, suffix) =>
        {
            var value = pattern is not null ? pattern.Generate(random, unique ? n : null) : (string?)plain(random, n, suffix) ?? "";
            if (value.Length > max)
            {
                value = unique && pattern is null && suffix.Length < max ? string.Concat(value.AsSpan(0, max - suffix.Length), suffix) : value[..max];
            }

            return value.Length < min ? value.PadRight(min, 'x') : value;
        };
    }
}
