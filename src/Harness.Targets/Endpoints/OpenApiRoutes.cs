using Harness.Manifest;
using Harness.Targets.Manifest;
using Microsoft.OpenApi;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Harness.Targets.Endpoints;

/// <summary>
/// The routes of an OpenAPI 3 document (JSON or YAML): every operation with its method and path. An operation whose
/// <c>security</c> is an empty list is public; a GET without path parameters answering <c>text/csv</c> is an export;
/// required query parameters get <c>{canaryPrefix}</c> so a search matches the seeded rows.
/// </summary>
public static class OpenApiRoutes
{
    public static async Task<IReadOnlyList<RouteSection>> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        var text = await File.ReadAllTextAsync(path, cancellationToken);
        return Parse(text, path);
    }

    public static IReadOnlyList<RouteSection> Parse(string text, string source)
    {
        var document = Load(text, source);
        var routes = new List<RouteSection>();
        foreach (var (template, item) in document.Paths ?? [])
        {
            foreach (var (method, operation) in item.Operations ?? [])
            {
                var name = method.Method.ToUpperInvariant();
                if (!TargetManifestReader.Methods.Contains(name))
                {
                    continue;
                }

                var parameters = (item.Parameters ?? []).Concat(operation.Parameters ?? []).ToList();
                var query = parameters
                    .Where(p => p.In == ParameterLocation.Query && p.Required && !string.IsNullOrEmpty(p.Name))
                    .Select(p => $"{Uri.EscapeDataString(p.Name!)}={{canaryPrefix}}")
                    .ToList();
                routes.Add(new RouteSection
                {
                    Method = name,
                    Path = template,
                    Kind = KindOf(name, template, operation),
                    Query = query.Count == 0 ? null : string.Join('&', query),
                    Source = $"{source} {name} {template}",
                });
            }
        }

        return routes;
    }

    private static OpenApiDocument Load(string text, string source)
    {
        var json = text.TrimStart().StartsWith('{') ? text : YamlToJson(text, source);
        var result = OpenApiDocument.Parse(json, "json");
        if (result.Document is null || result.Diagnostic?.Errors is { Count: > 0 })
        {
            var errors = result.Diagnostic?.Errors.Select(e => $"{e.Pointer}: {e.Message}") ?? [];
            throw new TargetConfigurationException($"{source}: not a usable OpenAPI document: {string.Join("; ", errors.DefaultIfEmpty("no document"))}")
            {
                Subject = source,
            };
        }

        return result.Document;
    }

    private static string YamlToJson(string text, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new TargetConfigurationException($"{source}:{e.Start.Line}:{e.Start.Column}: not valid JSON or YAML: {e.InnerException?.Message ?? e.Message}", e)
            {
                Subject = source,
            };
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner fails this way, without a position, on a flow list or mapping that is never closed.
            throw new TargetConfigurationException($"{source}: not valid JSON or YAML: a list '[' or mapping '{{' is not closed", e)
            {
                Subject = source,
            };
        }

        return stream.Documents.Count == 0
            ? throw new TargetConfigurationException($"{source}: the OpenAPI document is empty") { Subject = source }
            : YamlJson.ToJson(stream.Documents[0].RootNode)?.ToJsonString() ?? "{}";
    }

    private static EndpointKind? KindOf(string method, string path, OpenApiOperation operation)
    {
        if (operation.Security is { Count: 0 })
        {
            return EndpointKind.Public;
        }

        if (method == "GET" && Endpoint.ParameterNames(path).Count == 0
            && operation.Responses?.Values.Any(r => r.Content?.Keys.Any(k => k.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase)) == true) == true)
        {
            return EndpointKind.Export;
        }

        return null;
    }
}
