using System.Text.Json;
using System.Text.Json.Serialization;

namespace Harness.Workers;

/// <summary>
/// The comment the harness writes on every schema it creates. A schema is the harness's to drop only when
/// its name has the worker form AND it carries this marker: a user's schema that merely looks alike is never touched.
/// </summary>
public sealed record SchemaMarker(
    [property: JsonPropertyName("harness")] int Version,
    [property: JsonPropertyName("run")] string RunId,
    [property: JsonPropertyName("created")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("host")] string Host,
    [property: JsonPropertyName("pid")] int ProcessId)
{
    public string ToComment() => JsonSerializer.Serialize(this);

    public static SchemaMarker? TryParse(string? comment)
    {
        if (string.IsNullOrEmpty(comment) || !comment.StartsWith("{\"harness\"", StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<SchemaMarker>(comment);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
