using System.Globalization;
using Bogus;
using Harness.Catalog;

namespace Harness.Seeders;

/// <summary>
/// Makes a value source per column, chosen once by type and name. Realistic text comes from pools that Bogus
/// fills once per run from the seed; each row then draws from its tenant's own <see cref="Random"/>. Bogus's
/// Randomizer takes a process-wide lock on every call, so it stays out of the per-row path.
/// </summary>
internal static class ValueGenerator
{
    private const int PoolSize = 512;

    private static readonly HashSet<string> SupportedTypes =
    [
        "uuid", "text", "varchar", "bpchar", "citext", "name", "int2", "int4", "int8", "numeric", "float4", "float8",
        "bool", "timestamptz", "timestamp", "date", "jsonb", "json", "bytea", "inet",
    ];

    public static bool Supports(ColumnInfo column) => column.EnumLabels.Count > 0 || SupportedTypes.Contains(column.TypeName);

    /// <summary>A value for a row: (tenant's random, a number unique within the table, a text suffix unique within the table).</summary>
    public delegate object? Source(Random random, long rowNumber, string uniqueSuffix);

    /// <param name="scope">The table the column belongs to: unique ids are one-to-one within it and differ between tables.</param>
    public static Source For(ColumnInfo column, bool unique, int seed, DateTimeOffset epoch, string scope = "")
    {
        if (column.EnumLabels.Count > 0)
        {
            var labels = column.EnumLabels.ToArray();
            return (random, _, _) => labels[random.Next(labels.Length)];
        }

        var start = epoch.UtcDateTime;
        return column.TypeName switch
        {
            "int2" when unique => (_, n, _) => (short)n,
            "int4" when unique => (_, n, _) => (int)n,
            "int8" when unique => (_, n, _) => n,
            "uuid" when unique => UniqueGuids(seed, scope),
            "uuid" => (random, _, _) => NewGuid(random),
            "text" or "varchar" or "bpchar" or "citext" or "name" => Text(column, unique, seed),
            "int2" => (random, _, _) => (short)random.Next(0, 1001),
            "int4" => (random, _, _) => random.Next(0, 100_001),
            "int8" => (random, _, _) => random.NextInt64(0, 10_000_001),
            "numeric" => (random, _, _) => Math.Round((decimal)(random.NextDouble() * 10_000), 2),
            "float4" => (random, _, _) => (float)(random.NextDouble() * 1000),
            "float8" => (random, _, _) => random.NextDouble() * 1000,
            "bool" => (random, _, _) => random.Next(5) != 0,
            "timestamptz" => (random, _, _) => start.AddMinutes(-random.Next(0, 525_600)),
            "timestamp" => (random, _, _) => DateTime.SpecifyKind(start.AddMinutes(-random.Next(0, 525_600)), DateTimeKind.Unspecified),
            "date" => (random, _, _) => DateOnly.FromDateTime(start.AddDays(random.Next(-365, 366))),
            "jsonb" or "json" => (_, _, _) => "{}",
            "bytea" => (random, _, _) => Bytes(random, 16),
            "inet" => (random, _, _) => new System.Net.IPAddress(Bytes(random, 4)),
            _ => throw new SeedException($"no generator for column {column.Name} of type {column.DataType}") { Column = column.Name },
        };
    }

    public static Guid NewGuid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4 (little-endian field layout of System.Guid)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes);
    }

    /// <summary>
    /// A version-4-shaped id that is a one-to-one function of <paramref name="number"/> for a given seed and scope (64 of
    /// its bits are a bijective mix of the number), so ids never collide within a table however many rows are seeded; the
    /// remaining bits come from the seed and the scope, so runs with different seeds differ, and so do tables: row n of
    /// one table never shares its id with row n of another (an id that means another tenant's root in one table must
    /// not appear as a row's own id in the next).
    /// </summary>
    public static Guid UniqueGuid(int seed, long number, string scope = "")
    {
        var scoped = Mix64((ulong)(uint)seed ^ ScopeHash(scope));
        var unique = Mix64(unchecked((ulong)number + (Mix64(scoped) | 1)));
        var salt = Mix64(unchecked(scoped + 0x9E3779B97F4A7C15UL));
        Span<byte> bytes = stackalloc byte[16];
        BitConverter.TryWriteBytes(bytes[8..], salt);
        Span<byte> mixed = stackalloc byte[8];
        BitConverter.TryWriteBytes(mixed, unique);
        mixed[..7].CopyTo(bytes);
        bytes[9] = mixed[7];
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    private static Source UniqueGuids(int seed, string scope) => (_, n, _) => UniqueGuid(seed, n, scope);

    /// <summary>FNV-1a over the scope's characters: stable across processes, unlike string.GetHashCode.</summary>
    private static ulong ScopeHash(string scope)
    {
        var hash = 0xCBF29CE484222325UL;
        foreach (var c in scope)
        {
            hash = unchecked((hash ^ c) * 0x100000001B3UL);
        }

        return hash;
    }

    /// <summary>The SplitMix64 finalizer: a bijection on 64-bit values that spreads every input bit.</summary>
    internal static ulong Mix64(ulong x)
    {
        unchecked
        {
            x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
            x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
            return x ^ (x >> 31);
        }
    }

    private static byte[] Bytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static Source Text(ColumnInfo column, bool unique, int seed)
    {
        var name = column.Name.ToLowerInvariant();
        var faker = new Faker { Random = new Randomizer(TenantSeeder.StableMix(seed, Ordinal(name))) };
        var pool = new string[PoolSize];
        for (var i = 0; i < pool.Length; i++)
        {
            pool[i] = Realistic(name, faker);
        }

        var isEmail = name.Contains("email", StringComparison.Ordinal);
        var max = column.MaxLength;
        return (random, _, suffix) =>
        {
            var value = pool[random.Next(pool.Length)];
            if (unique)
            {
                value = Unique(value, suffix, isEmail);
            }

            return max is { } limit && value.Length > limit ? value[..limit] : value;
        };
    }

    /// <summary>A stable number from a column name (string hash codes are randomised per process).</summary>
    private static int Ordinal(string name)
    {
        var hash = 17;
        foreach (var c in name)
        {
            hash = unchecked((hash * 31) + c);
        }

        return hash;
    }

    private static string Realistic(string name, Faker faker) => name switch
    {
        _ when name.Contains("email", StringComparison.Ordinal) => faker.Internet.Email(provider: "example.test"),
        _ when name.Contains("phone", StringComparison.Ordinal) => faker.Phone.PhoneNumber("04## ### ###"),
        _ when name.Contains("slug", StringComparison.Ordinal) => faker.Lorem.Slug(2),
        _ when name.Contains("address", StringComparison.Ordinal) => faker.Address.FullAddress(),
        _ when name.Contains("file", StringComparison.Ordinal) => faker.System.FileName(),
        _ when name is "full_name" or "visitor_name" or "contractor_name" || name.EndsWith("person", StringComparison.Ordinal) => faker.Name.FullName(),
        _ when name.Contains("title", StringComparison.Ordinal) => faker.Lorem.Sentence(4).TrimEnd('.'),
        _ when name is "body" or "description" or "content" or "note" or "notes" => faker.Lorem.Paragraph(),
        _ when name is "role" => faker.PickRandom("member", "admin", "supervisor"),
        _ when name is "kind" or "type" or "category" => faker.PickRandom("sign-ins", "inductions", "documents"),
        _ when name.Contains("name", StringComparison.Ordinal) => faker.Company.CompanyName(),
        _ => faker.Lorem.Word(),
    };

    /// <summary>Makes a value unique; for an email the suffix goes before the '@' so it stays an address.</summary>
    private static string Unique(string value, string suffix, bool isEmail)
    {
        var at = value.IndexOf('@', StringComparison.Ordinal);
        return isEmail && at > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{value[..at]}.{suffix}{value[at..]}")
            : $"{value}-{suffix}";
    }
}
