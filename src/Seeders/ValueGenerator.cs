using System.Globalization;
using Bogus;
using Harness.Catalog;

namespace Harness.Seeders;

/// <summary>
/// Realistic values for one column, chosen by its type and name, from a per-tenant <see cref="Faker"/>
/// (its own Randomizer, no global seed). <see cref="Supports"/> says whether it can make one.
/// </summary>
internal static class ValueGenerator
{
    private static readonly HashSet<string> SupportedTypes =
    [
        "uuid", "text", "varchar", "bpchar", "citext", "name", "int2", "int4", "int8", "numeric", "float4", "float8",
        "bool", "timestamptz", "timestamp", "date", "jsonb", "json", "bytea", "inet",
    ];

    public static bool Supports(ColumnInfo column) => column.EnumLabels.Count > 0 || SupportedTypes.Contains(column.TypeName);

    /// <param name="rowNumber">A number unique within the table, used where an integer must be unique.</param>
    public static object? For(ColumnInfo column, Faker faker, DateTimeOffset epoch, long rowNumber, string uniqueSuffix, bool mustBeUnique)
    {
        if (column.EnumLabels.Count > 0)
        {
            return column.EnumLabels[faker.Random.Int(0, column.EnumLabels.Count - 1)];
        }

        var name = column.Name.ToLowerInvariant();
        return column.TypeName switch
        {
            "int2" when mustBeUnique => (short)rowNumber,
            "int4" when mustBeUnique => (int)rowNumber,
            "int8" when mustBeUnique => rowNumber,
            "uuid" => faker.Random.Guid(),
            "text" or "varchar" or "bpchar" or "citext" or "name" => Text(name, faker, column.MaxLength, mustBeUnique ? uniqueSuffix : null),
            "int2" => (short)faker.Random.Int(0, 1000),
            "int4" => faker.Random.Int(0, 100_000),
            "int8" => faker.Random.Long(0, 10_000_000),
            "numeric" => Math.Round(faker.Random.Decimal(0, 10_000), 2),
            "float4" => faker.Random.Float(0, 1000),
            "float8" => faker.Random.Double(0, 1000),
            "bool" => faker.Random.Bool(0.8f),
            "timestamptz" => epoch.AddMinutes(-faker.Random.Int(0, 525_600)).UtcDateTime,
            "timestamp" => DateTime.SpecifyKind(epoch.AddMinutes(-faker.Random.Int(0, 525_600)).UtcDateTime, DateTimeKind.Unspecified),
            "date" => DateOnly.FromDateTime(epoch.AddDays(faker.Random.Int(-365, 365)).UtcDateTime),
            "jsonb" or "json" => "{}",
            "bytea" => faker.Random.Bytes(16),
            "inet" => System.Net.IPAddress.Parse(faker.Internet.Ip()),
            _ => throw new SeedException($"no generator for column {column.Name} of type {column.DataType}"),
        };
    }

    private static string Text(string name, Faker faker, int? maxLength, string? uniqueSuffix)
    {
        var value = name switch
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
        if (uniqueSuffix is not null)
        {
            value = Insert(value, uniqueSuffix, name.Contains("email", StringComparison.Ordinal));
        }

        return maxLength is { } max && value.Length > max ? value[..max] : value;
    }

    /// <summary>Makes a value unique; for an email the suffix goes before the '@' so it stays an address.</summary>
    private static string Insert(string value, string suffix, bool isEmail)
    {
        var at = value.IndexOf('@', StringComparison.Ordinal);
        return isEmail && at > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{value[..at]}.{suffix}{value[at..]}")
            : $"{value}-{suffix}";
    }
}
