using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Harness.Ledger;
using Harness.Probing;
using Harness.Targets;

namespace Harness.Scenarios.Idor;

/// <summary>
/// The JSON bodies probes send, built from real rows (as the admin reads them, column names as keys) so they pass the
/// app's validation: a write sends the victim's row with one text field changed; a create sends a copy of the attacker's
/// own row without keys, tenant column or canaries; the route's <c>body</c> template is merged over either.
/// </summary>
internal static partial class BodyBuilder
{
    public const string Marker = "idor-probe";

    /// <summary>The victim's row, without its key and tenant columns, with one text field set to a marker.</summary>
    public static JsonObject ForWrite(JsonObject row, TableShape shape, string? template, IReadOnlyDictionary<string, string> values, int sequence)
    {
        var body = Strip(row, shape);
        var text = body.Where(p => p.Value is JsonValue v && v.TryGetValue<string>(out var s) && s.Contains(CanaryToken.Prefix, StringComparison.Ordinal)).Select(p => p.Key).FirstOrDefault()
            ?? body.Where(p => p.Value is JsonValue v && v.TryGetValue<string>(out _)).Select(p => p.Key).FirstOrDefault();
        if (text is not null)
        {
            body[text] = string.Create(CultureInfo.InvariantCulture, $"{Marker} {sequence}");
        }

        Json.Merge(body, Template(template, values));
        return body;
    }

    /// <summary>A copy of the attacker's own row for a create: no key, tenant, generated or identity columns, and no canaries.</summary>
    public static JsonObject ForCreate(JsonObject row, TableShape shape, string? template, IReadOnlyDictionary<string, string> values)
    {
        var body = Strip(row, shape);
        foreach (var name in body.Select(p => p.Key).ToList())
        {
            if (body[name] is JsonValue value && value.TryGetValue<string>(out var text) && text.Contains(CanaryToken.Prefix, StringComparison.Ordinal))
            {
                var cleaned = Canary().Replace(text, "").Trim();
                body[name] = cleaned.Length > 0 ? cleaned : Marker;
            }
        }

        Json.Merge(body, Template(template, values));
        return body;
    }

    /// <summary>A copy of <paramref name="row"/> with fresh values in its key and unique columns (the tenant column kept, but for the root's key), within their CHECK constraints, to insert as the admin.</summary>
    public static JsonObject FreshCopy(JsonObject row, TableShape shape, FreshValues fresh) => fresh.Copy(row, shape.FreshColumns, shape.Table);

    private static JsonObject Strip(JsonObject row, TableShape shape)
    {
        var drop = shape.KeyColumns.Select(c => c.Name)
            .Concat(shape.Table.Columns.Where(c => c.IsGenerated || c.IsIdentity).Select(c => c.Name))
            .Append(shape.TenantColumn)
            .ToHashSet(StringComparer.Ordinal);
        var body = new JsonObject();
        foreach (var (name, value) in row)
        {
            if (!drop.Contains(name))
            {
                body[name] = value?.DeepClone();
            }
        }

        return body;
    }

    /// <summary>
    /// The body a list or search sends as the route declares it (<c>body: { q: "{canaryPrefix}" }</c> for an RPC-style
    /// search over POST), placeholders filled; null when the route has none.
    /// </summary>
    public static string? ForSweep(string? template, IReadOnlyDictionary<string, string> values) => Template(template, values)?.ToJsonString();

    private static JsonObject? Template(string? template, IReadOnlyDictionary<string, string> values)
    {
        if (template is null)
        {
            return null;
        }

        var escaped = values.ToDictionary(v => v.Key, v => JsonSerializer.Serialize(v.Value)[1..^1], StringComparer.Ordinal);
        try
        {
            return JsonNode.Parse(TargetPlaceholders.Fill(template, escaped)) as JsonObject
                ?? throw new IdorException($"the route's body template is not a JSON object: {template}");
        }
        catch (JsonException e)
        {
            throw new IdorException($"the route's body template is not valid JSON ({e.Message}): {template}", e);
        }
    }

    [GeneratedRegex(@"cnry-[A-Za-z0-9-]+", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Canary();
}
