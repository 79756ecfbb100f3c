using System.Text.Json;

namespace Harness.Scenarios.Idor;

/// <summary>
/// The shape of a JSON answer without its values: <c>{"detail":string,"status":number}</c>, <c>[]</c>, <c>[{"id":string}]</c>.
/// Two answers of the same shape differ only in values (an echoed id, a trace id), never in what kind of answer they are.
/// </summary>
internal static class JsonShape
{
    private const int MaxDepth = 16;

    /// <summary>The shape of <paramref name="text"/>, or null when it is not JSON.</summary>
    public static string? Of(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return Of(document.RootElement, 0);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Of(JsonElement element, int depth) => depth > MaxDepth ? "..." : element.ValueKind switch
    {
        JsonValueKind.Object => "{" + string.Join(",", element.EnumerateObject()
            .Select(p => $"\"{p.Name}\":{Of(p.Value, depth + 1)}").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)) + "}",
        JsonValueKind.Array => "[" + string.Join(",", element.EnumerateArray()
            .Select(e => Of(e, depth + 1)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)) + "]",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };
}
