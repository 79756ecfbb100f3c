using System.Text.Json;
using System.Text.Json.Serialization;
using Harness.Findings;
using Harness.Running;

namespace Harness.Reporting.Json;

/// <summary>
/// The source-generated serializer of <see cref="ReportDocument"/>: indented, camelCase names and enum values, nulls left
/// out, a series' points on one line; on reading, a missing constructor parameter (one without a default) or a null where the shape has none is an error.
/// </summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    Converters = [typeof(CamelCaseSeverityConverter), typeof(CamelCaseSeriesScaleConverter), typeof(SeriesPointsConverter)])]
[JsonSerializable(typeof(ReportDocument))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;

/// <summary>Severities as camelCase strings (<c>critical</c>, <c>low</c>); reading ignores case.</summary>
internal sealed class CamelCaseSeverityConverter() : JsonStringEnumConverter<Severity>(JsonNamingPolicy.CamelCase, allowIntegerValues: false);

/// <summary>Series scales as camelCase strings (<c>linear</c>, <c>percentile</c>); reading ignores case.</summary>
internal sealed class CamelCaseSeriesScaleConverter() : JsonStringEnumConverter<SeriesScale>(JsonNamingPolicy.CamelCase, allowIntegerValues: false);
