using System.Globalization;
using Harness.Manifest;
using Harness.Targets.Endpoints;
using YamlDotNet.RepresentationModel;

namespace Harness.Targets.Manifest;

/// <summary>Reads the manifest's <c>endpoints</c> section, with positioned errors.</summary>
internal static class EndpointsManifestReader
{
    public static EndpointsSection? ReadEndpoints(YamlMapping root, string folder)
    {
        var endpoints = root.Section("endpoints", "openapi", "parameters", "routes", "skip");
        if (endpoints is null)
        {
            return null;
        }

        var openApi = endpoints.String("openapi");
        var openApiPath = openApi is null ? null : Path.GetFullPath(Path.Combine(folder, openApi));
        if (openApiPath is not null && !File.Exists(openApiPath))
        {
            throw endpoints.Error(endpoints.Find("openapi")!, $"OpenAPI document '{openApiPath}' does not exist; endpoints.openapi is relative to the manifest's folder");
        }

        var routes = ReadRoutes(endpoints);
        if (openApiPath is null && routes.Count == 0)
        {
            throw endpoints.Error(endpoints.Node, "'endpoints' needs 'openapi' (an OpenAPI 3 document) or 'routes' (a list such as - GET /items/{itemId})");
        }

        var skip = endpoints.StringList("skip") ?? [];
        foreach (var entry in skip)
        {
            if (!TrySplitRoute(entry, out _, out _))
            {
                throw endpoints.Error(endpoints.Find("skip")!, $"'{entry}' in endpoints.skip is not METHOD /path, e.g. GET /metrics");
            }
        }

        return new EndpointsSection
        {
            OpenApi = openApiPath,
            Parameters = ManifestValues.StringMap(endpoints, "parameters", "endpoints.parameters", "siteId: sites") ?? new Dictionary<string, string>(),
            Routes = routes,
            Skip = skip,
        };
    }

    private static List<RouteSection> ReadRoutes(YamlMapping endpoints)
    {
        var routes = new List<RouteSection>();
        if (endpoints.Find("routes") is not { } node)
        {
            return routes;
        }

        if (node is not YamlSequenceNode sequence)
        {
            throw endpoints.Error(node, "'endpoints.routes' must be a list of routes, e.g. - GET /sites/{siteId} or - { method: GET, path: /search/sites, query: \"q={canaryPrefix}\" }");
        }

        foreach (var item in sequence.Children)
        {
            var source = $"{endpoints.File}:{item.Start.Line}:{item.Start.Column}";
            if (item is YamlScalarNode scalar)
            {
                if (!TrySplitRoute(scalar.Value ?? "", out var method, out var path))
                {
                    throw endpoints.Error(item, $"route '{scalar.Value}' is not METHOD /path (METHOD one of {string.Join(", ", TargetManifestReader.Methods)}), e.g. GET /sites/{{siteId}}");
                }

                routes.Add(new RouteSection { Method = method, Path = path, Source = source });
                continue;
            }

            var route = new YamlMapping(item, endpoints.File, "endpoints.routes[]", "method", "path", "kind", "params", "query", "body", "creates");
            routes.Add(new RouteSection
            {
                Method = ManifestValues.Method(route, "method") ?? throw route.Error(item, "missing 'method' (one of GET, POST, PUT, PATCH, DELETE)"),
                Path = ManifestValues.PathValue(route, "path", required: true)!,
                Kind = Kind(route),
                Params = ManifestValues.StringMap(route, "params", "endpoints.routes[].params", "siteId: sites") ?? new Dictionary<string, string>(),
                Query = route.String("query")?.TrimStart('?'),
                Body = ManifestValues.Body(route, "body"),
                Creates = route.String("creates"),
                Source = source,
            });
        }

        return routes;
    }

    public static bool TrySplitRoute(string text, out string method, out string path) => Endpoint.TrySplitRoute(text, out method, out path);

    private static EndpointKind? Kind(YamlMapping route)
    {
        var kind = route.String("kind");
        if (kind is null)
        {
            return null;
        }

        return Enum.TryParse<EndpointKind>(kind, ignoreCase: true, out var parsed) && kind.All(char.IsAsciiLetter)
            ? parsed
            : throw route.Error(route.Find("kind")!, $"kind '{kind}' is not one of resource, list, search, export, create, public");
    }
}
