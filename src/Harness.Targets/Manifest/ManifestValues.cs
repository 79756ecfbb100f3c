using Harness.Manifest;
using YamlDotNet.RepresentationModel;

namespace Harness.Targets.Manifest;

/// <summary>Values the target sections share (methods, paths, JSON bodies, string maps), each error positioned.</summary>
public static class ManifestValues
{
    public static string? Method(YamlMapping section, string key)
    {
        var method = section.String(key)?.ToUpperInvariant();
        return method is null || TargetManifestReader.Methods.Contains(method)
            ? method
            : throw section.Error(section.Find(key)!, $"method '{method}' is not one of {string.Join(", ", TargetManifestReader.Methods)}");
    }

    public static string? PathValue(YamlMapping section, string key, bool required)
    {
        var path = required ? section.RequiredString(key, "/items/{itemId}") : section.String(key);
        return path is null || path.StartsWith('/')
            ? path
            : throw section.Error(section.Find(key)!, $"path '{path}' must start with '/', e.g. /items/{{itemId}}");
    }

    /// <summary>A JSON body: a JSON string, or a YAML mapping written as JSON.</summary>
    public static string? Body(YamlMapping section, string key) => section.Find(key) switch
    {
        null => null,
        YamlScalarNode { Value: { Length: > 0 } text } => text,
        YamlMappingNode mapping => YamlJson.ToJson(mapping)!.ToJsonString(),
        var other => throw section.Error(other, $"'{key}' must be a JSON text or a mapping, e.g. {key}: {{ name: \"x\" }}"),
    };

    public static Dictionary<string, string>? StringMap(YamlMapping section, string key, string qualified, string example)
    {
        if (section.Find(key) is not { } node)
        {
            return null;
        }

        if (node is not YamlMappingNode mapping)
        {
            throw section.Error(node, $"'{qualified}' must map names to values, e.g. {example}");
        }

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in mapping.Children)
        {
            if (name is not YamlScalarNode { Value: { Length: > 0 } text } || value is not YamlScalarNode scalar)
            {
                throw section.Error(value, $"every entry of '{qualified}' must map a name to a string, e.g. {example}");
            }

            map[text] = scalar.Value ?? "";
        }

        return map;
    }
}
