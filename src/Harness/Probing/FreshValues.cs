using System.Globalization;
using System.Text.Json.Nodes;
using Harness.Catalog;

namespace Harness.Probing;

/// <summary>
/// Fresh values for the key and unique columns of a row a probe inserts (a copy of an existing row), so an admitted
/// insert is a real new row rather than a duplicate; a column's own CHECK constraints are kept (a value from its IN-list,
/// a number within its bounds, see <see cref="CheckedDomain"/>). Drawn from a generator seeded with the run's seed: the
/// same seed gives the same values. Safe to share between concurrent probes.
/// </summary>
public sealed class FreshValues
{
    private readonly Random random;
    private readonly string textPrefix;
    private readonly Lock gate = new();
    private long counter;

    /// <param name="seed">The run's seed.</param>
    /// <param name="textPrefix">What fresh text values start with, naming the family that made them, e.g. <c>rls-probe</c>.</param>
    public FreshValues(int seed, string textPrefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(textPrefix);
        random = new Random(unchecked(seed * 31 + 17));
        this.textPrefix = textPrefix;
    }

    /// <summary>The columns of <paramref name="table"/> a copy needs fresh values in: its primary key and unique index columns,
    /// in table order, except the tenant column (a copy stays in its tenant) and the columns the database fills (generated,
    /// identity). A tenant root's key is its tenant column: pass <paramref name="isRoot"/> and it gets a fresh value too,
    /// since a copy of a tenant with the same key could never be inserted.</summary>
    public static IReadOnlyList<ColumnInfo> ColumnsOf(TableInfo table, string tenantColumn, bool isRoot = false)
    {
        ArgumentNullException.ThrowIfNull(table);
        var unique = table.PrimaryKey.Concat(table.Indexes.Where(i => i.IsUnique).SelectMany(i => i.Columns)).ToHashSet(StringComparer.Ordinal);
        return [.. table.Columns.Where(c => unique.Contains(c.Name) && (isRoot || c.Name != tenantColumn) && !c.IsGenerated && !c.IsIdentity)];
    }

    public Guid NextGuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        lock (gate)
        {
            random.NextBytes(bytes);
        }

        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    /// <summary>
    /// A fresh JSON value for <paramref name="column"/> within <paramref name="domain"/> (its CHECK constraints), or null
    /// when the type is not one it can make fresh.
    /// </summary>
    public JsonNode? For(ColumnInfo column, CheckedDomain? domain = null)
    {
        ArgumentNullException.ThrowIfNull(column);
        lock (gate)
        {
            var n = ++counter;
            if (domain is { Allowed.Count: > 0 } list)
            {
                var value = list.Allowed[(int)(n % list.Allowed.Count)];
                return IsNumber(column) && decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var number)
                    ? JsonValue.Create(number)
                    : JsonValue.Create(value);
            }

            if (domain is not null && IsNumber(column) && Fresh(column, n) is { } unbounded && !domain.Admits(unbounded))
            {
                return JsonValue.Create(domain.Within(n));
            }

            return column.TypeName switch
            {
                "uuid" => JsonValue.Create(NextGuid().ToString("D", CultureInfo.InvariantCulture)),
                "int2" => JsonValue.Create(32000 - (n % 700)),
                "int4" => JsonValue.Create(2_000_000_000L + n),
                "int8" or "numeric" => JsonValue.Create(9_000_000_000_000_000_000L + n),
                "text" or "varchar" or "bpchar" or "citext" => JsonValue.Create(Text(n, column.MaxLength)),
                _ => null,
            };
        }
    }

    /// <summary>
    /// A copy of <paramref name="row"/> (JSON, column names as keys) with fresh values in <paramref name="columns"/>
    /// (see <see cref="ColumnsOf"/>); a column of a type it cannot make fresh keeps its value. One copy's values are drawn together.
    /// With <paramref name="table"/>, each value keeps within its column's own CHECK constraints.
    /// </summary>
    public JsonObject Copy(JsonObject row, IReadOnlyList<ColumnInfo> columns, TableInfo? table = null)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(columns);
        var copy = (JsonObject)row.DeepClone();
        lock (gate)
        {
            foreach (var column in columns)
            {
                if (For(column, table is null ? null : CheckedDomain.Of(table, column)) is { } value)
                {
                    copy[column.Name] = value;
                }
            }
        }

        return copy;
    }

    private static bool IsNumber(ColumnInfo column) => column.TypeName is "int2" or "int4" or "int8" or "numeric";

    /// <summary>The number <see cref="For"/> would give without bounds, or null for a column that is not a number.</summary>
    private static decimal? Fresh(ColumnInfo column, long n) => column.TypeName switch
    {
        "int2" => 32000 - (n % 700),
        "int4" => 2_000_000_000L + n,
        "int8" or "numeric" => 9_000_000_000_000_000_000m + n,
        _ => null,
    };

    private string Text(long n, int? maxLength)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{textPrefix}-{n}");
        return maxLength is { } max && text.Length > max ? text[^Math.Max(1, max)..] : text;
    }
}
