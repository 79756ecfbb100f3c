using System.Globalization;
using System.Text.Json.Nodes;
using Harness.Catalog;

namespace Harness.Scenarios.Rls;

/// <summary>
/// Fresh values for the key and unique columns of a probe's inserted row, so an admitted insert is a real new row
/// rather than a duplicate. Drawn from a generator seeded with the run's seed: the same seed gives the same probes.
/// </summary>
internal sealed class FreshValues(int seed)
{
    private readonly Random random = new(unchecked(seed * 31 + 17));
    private long counter;

    public Guid NextGuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    /// <summary>A fresh JSON value for <paramref name="column"/>, or null when the type is not one it can make fresh.</summary>
    public JsonNode? For(ColumnInfo column)
    {
        var n = ++counter;
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

    private static string Text(long n, int? maxLength)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"rls-probe-{n}");
        return maxLength is { } max && text.Length > max ? text[^Math.Max(1, max)..] : text;
    }
}
