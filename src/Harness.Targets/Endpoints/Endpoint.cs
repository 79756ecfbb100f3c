using System.Text.RegularExpressions;
using Harness.Model;

namespace Harness.Targets.Endpoints;

/// <summary>A path parameter and the table column whose values it takes, e.g. <c>{siteId}</c> -> <c>sites.id</c>.</summary>
public sealed record PathParameter(string Name, TableName Table, string Column);

/// <summary>An endpoint as the probes use it: method, path template, kind, and its parameters mapped to tenant tables.</summary>
/// <param name="Path">The path template with <c>{name}</c> parameters (route constraints such as <c>:guid</c> removed).</param>
/// <param name="Parameters">The path parameters in path order; the last one names the resource.</param>
/// <param name="Query">A query template (placeholders {canaryPrefix}, {tenantId}, {userId}), or null.</param>
/// <param name="Body">A JSON body template merged over the body the harness builds, or null.</param>
/// <param name="Creates">The table a create endpoint inserts into.</param>
/// <param name="Source">Where it was declared (manifest position or OpenAPI document).</param>
public sealed partial record Endpoint(
    string Method,
    string Path,
    EndpointKind Kind,
    IReadOnlyList<PathParameter> Parameters,
    string? Query = null,
    string? Body = null,
    TableName? Creates = null,
    string Source = "")
{
    /// <summary><c>METHOD /path</c>, the endpoint's name in findings and reports.</summary>
    public string Route => $"{Method} {Path}";

    /// <summary>The parameter that names the resource (the last one), or null.</summary>
    public PathParameter? Resource => Parameters.Count == 0 ? null : Parameters[^1];

    public bool IsWrite => Method is "PUT" or "PATCH" or "DELETE";

    /// <summary>The path with each parameter replaced by its (URL-escaped) value.</summary>
    public string FillPath(IReadOnlyDictionary<string, string> values) =>
        ParameterPattern().Replace(Path, m => values.TryGetValue(m.Groups[1].Value, out var value) ? Uri.EscapeDataString(value) : m.Value);

    /// <summary>Splits <c>"METHOD /path"</c> (any case, spaces around) into an upper-case known method and a path starting with '/'.</summary>
    public static bool TrySplitRoute(string text, out string method, out string path)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        method = parts.Length > 0 ? parts[0].ToUpperInvariant() : "";
        path = parts.Length > 1 ? parts[1] : "";
        return parts.Length == 2 && Manifest.TargetManifestReader.Methods.Contains(method) && path.StartsWith('/');
    }

    /// <summary>The parameter names of a path template, in order (route constraints such as <c>{id:guid}</c> removed).</summary>
    public static IReadOnlyList<string> ParameterNames(string path) =>
        [.. ParameterPattern().Matches(path).Select(m => m.Groups[1].Value)];

    /// <summary>A path template with route constraints and defaults removed: <c>/sites/{siteId:guid}</c> -> <c>/sites/{siteId}</c>.</summary>
    public static string Normalize(string path) => ConstraintPattern().Replace(path, "{$1}");

    public override string ToString() => Route;

    [GeneratedRegex(@"\{([A-Za-z_][A-Za-z0-9_]*)\}", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex ParameterPattern();

    [GeneratedRegex(@"\{\*{0,2}([A-Za-z_][A-Za-z0-9_]*)(?:[:=?][^}]*)?\}", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex ConstraintPattern();
}
