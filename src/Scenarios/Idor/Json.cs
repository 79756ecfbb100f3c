using System.Text.Json.Nodes;

namespace Harness.Scenarios.Idor;

/// <summary>Small JSON helpers for rows read as <c>to_jsonb</c>.</summary>
internal static class Json
{
    /// <summary>A value as the text a URL or a comparison wants: strings raw, others as JSON; null for JSON null or missing.</summary>
    public static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        _ => node.ToJsonString(),
    };

    /// <summary>Copies <paramref name="overrides"/>' properties over <paramref name="target"/>.</summary>
    public static void Merge(JsonObject target, JsonObject? overrides)
    {
        foreach (var (name, value) in overrides ?? [])
        {
            target[name] = value?.DeepClone();
        }
    }
}
