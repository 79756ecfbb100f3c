using System.Text.Json;
using System.Text.Json.Serialization;

namespace Harness.Snapshots;

/// <summary>
/// The source-generated serializer of snapshots and diffs: indented, camelCase names and enum values, nulls written (every field is always there); on
/// reading, a missing required value or a null where the shape has none is an error.
/// </summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    Converters = [typeof(CamelCaseChangeKindConverter), typeof(CamelCaseCatalogCategoryConverter), typeof(CamelCaseCanaryChangeKindConverter)])]
[JsonSerializable(typeof(DatabaseSnapshot))]
[JsonSerializable(typeof(SnapshotDiff))]
internal sealed partial class SnapshotJsonContext : JsonSerializerContext;

internal sealed class CamelCaseChangeKindConverter() : JsonStringEnumConverter<ChangeKind>(JsonNamingPolicy.CamelCase, allowIntegerValues: false);

internal sealed class CamelCaseCatalogCategoryConverter() : JsonStringEnumConverter<CatalogCategory>(JsonNamingPolicy.CamelCase, allowIntegerValues: false);

internal sealed class CamelCaseCanaryChangeKindConverter() : JsonStringEnumConverter<CanaryChangeKind>(JsonNamingPolicy.CamelCase, allowIntegerValues: false);
