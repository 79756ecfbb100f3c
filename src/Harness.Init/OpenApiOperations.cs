using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Harness.Init;

/// <summary>One operation of an OpenAPI document: method, path template and its path parameters.</summary>
public sealed record ApiOperation(string Method, string Path, string? OperationId, IReadOnlyList<string> PathParameters);

/// <summary>The operations of an OpenAPI document (3.x, or Swagger 2.0), read from a file or an http(s) URL, JSON or YAML.</summary>
public sealed partial record OpenApiOperations(string Source, string? Title, IReadOnlyList<ApiOperation> Operations, IReadOnlyList<string> Warnings)
{
    private static readonly TimeSpan FetchTimeout = TimeSpan.FromSeconds(30);

    private static readonly string[] MethodOrder = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "QUERY"];

    public static async Task<OpenApiOperations> LoadAsync(string location, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(location);
        string text;
        if (Uri.TryCreate(location, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            text = await FetchAsync(uri, cancellationToken);
        }
        else
        {
            var path = Path.GetFullPath(location);
            if (!File.Exists(path))
            {
                throw new InitException($"OpenAPI document '{location}' not found; --openapi takes a file path or an http(s) URL") { Option = "--openapi" };
            }

            text = await File.ReadAllTextAsync(path, cancellationToken);
        }

        return Parse(text, location);
    }

    /// <summary>Parses an OpenAPI document given as JSON or YAML text; <paramref name="source"/> names it in messages.</summary>
    public static OpenApiOperations Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        var json = text.TrimStart().StartsWith('{') ? text : YamlToJson(text, source);
        var result = OpenApiDocument.Parse(json, "json", new OpenApiReaderSettings());
        var errors = result.Diagnostic?.Errors ?? [];
        if (result.Document is not { } document)
        {
            throw new InitException(
                $"'{source}' is not an OpenAPI document: {(errors.Count > 0 ? string.Join("; ", errors.Select(e => e.Message)) : "it could not be read")}") { Option = "--openapi" };
        }

        var operations = new List<ApiOperation>();
        foreach (var (path, item) in document.Paths ?? [])
        {
            var templated = PathParameter().Matches(path).Select(m => m.Groups[1].Value).ToList();
            foreach (var (method, operation) in item.Operations ?? [])
            {
                // Declared path parameters (path-level, then operation-level, $refs resolved) in template order; a template
                // parameter nobody declared still counts, since the server routes on it.
                var declared = (item.Parameters ?? []).Concat(operation.Parameters ?? [])
                    .Where(p => p.In == ParameterLocation.Path && p.Name is not null)
                    .Select(p => p.Name!)
                    .ToHashSet(StringComparer.Ordinal);
                var parameters = templated.Concat(declared.Where(d => !templated.Contains(d))).Distinct(StringComparer.Ordinal).ToList();
                operations.Add(new ApiOperation(method.Method.ToUpperInvariant(), path, operation.OperationId, parameters));
            }
        }

        return new OpenApiOperations(
            source,
            document.Info?.Title,
            [.. operations.OrderBy(o => o.Path, StringComparer.Ordinal).ThenBy(o => Order(o.Method))],
            [.. errors.Select(e => e.ToString())]);
    }

    private static int Order(string method)
    {
        var index = Array.IndexOf(MethodOrder, method);
        return index < 0 ? MethodOrder.Length : index;
    }

    private static async Task<string> FetchAsync(Uri uri, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = FetchTimeout };
        try
        {
            using var response = await http.GetAsync(uri, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new InitException(string.Create(
                    CultureInfo.InvariantCulture, $"could not fetch the OpenAPI document {uri}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}")) { Option = "--openapi" };
            }

            return await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new InitException($"could not fetch the OpenAPI document {uri}: {e.Message}", e) { Option = "--openapi" };
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InitException($"could not fetch the OpenAPI document {uri}: no answer within {FetchTimeout.TotalSeconds:0} s", e) { Option = "--openapi" };
        }
    }

    /// <summary>YAML to JSON with YAML 1.2 core-schema scalars (plain true/false/null/numbers keep their type).</summary>
    private static string YamlToJson(string yaml, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new InitException($"'{source}' is neither JSON nor valid YAML ({e.Start.Line}:{e.Start.Column}: {e.InnerException?.Message ?? e.Message})", e) { Option = "--openapi" };
        }

        if (stream.Documents.Count == 0)
        {
            throw new InitException($"'{source}' is empty") { Option = "--openapi" };
        }

        return ToJson(stream.Documents[0].RootNode)?.ToJsonString() ?? "null";
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children
            .GroupBy(c => ((YamlScalarNode)c.Key).Value ?? "", StringComparer.Ordinal)
            .Select(g => KeyValuePair.Create(g.Key, ToJson(g.Last().Value)))),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(ToJson)]),
        YamlScalarNode scalar => Scalar(scalar),
        _ => null,
    };

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style is not (ScalarStyle.Plain or ScalarStyle.Any))
        {
            return JsonValue.Create(value);
        }

        return value switch
        {
            "" or "~" or "null" or "Null" or "NULL" => null,
            "true" or "True" or "TRUE" => JsonValue.Create(true),
            "false" or "False" or "FALSE" => JsonValue.Create(false),
            _ when CoreInteger().IsMatch(value) && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) => JsonValue.Create(n),
            _ when CoreFloat().IsMatch(value) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => JsonValue.Create(d),
            _ => JsonValue.Create(value),
        };
    }

    [GeneratedRegex(@"\{([^{}]+)\}")]
    private static partial Regex PathParameter();

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex CoreInteger();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex CoreFloat();
}
