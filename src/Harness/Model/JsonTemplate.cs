using System.Text.Encodings.Web;
using System.Text.Json;

namespace Harness.Model;

/// <summary>Fills placeholders into a JSON template so that no value can break out of the JSON string it belongs in.</summary>
internal static class JsonTemplate
{
    /// <summary>The template is a JSON object or array (a bare <c>{tenantId}</c> is a placeholder, not JSON).</summary>
    public static bool Is(string template) => ContextPlaceholders.Pattern().Replace(template, "x").TrimStart() is ['{' or '[', ..];

    /// <summary>
    /// A placeholder inside a JSON string gets the value's escaped characters (<c>"</c> becomes <c>\"</c>); one outside
    /// any string gets the value as a whole JSON string.
    /// </summary>
    public static string Fill(string template, Func<string, string> value)
    {
        var inString = InString(template);
        return ContextPlaceholders.Pattern().Replace(template, m =>
        {
            var escaped = JsonEncodedText.Encode(value(m.Groups[1].Value), JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString();
            return inString[m.Index] ? escaped : "\"" + escaped + "\"";
        });
    }

    /// <summary>For each character of <paramref name="json"/>: whether it sits inside a JSON string.</summary>
    private static bool[] InString(string json)
    {
        var inside = new bool[json.Length];
        var open = false;
        for (var i = 0; i < json.Length; i++)
        {
            var c = json[i];
            if (open && c == '\\')
            {
                inside[i] = true;
                if (i + 1 < json.Length)
                {
                    inside[++i] = true;
                }

                continue;
            }

            if (c == '"')
            {
                open = !open;
                inside[i] = true;
                continue;
            }

            inside[i] = open;
        }

        return inside;
    }
}
