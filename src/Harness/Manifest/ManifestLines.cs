using YamlDotNet.RepresentationModel;

namespace Harness.Manifest;

/// <summary>
/// Where things are written in the manifest, so reports can point at the line that names an endpoint or a table: the
/// line of each top-level section, and the first line of each value an entry names (a scalar such as
/// <c>GET /sites/{siteId}</c> or <c>companies</c>, an entry mapping's <c>method</c> and <c>path</c> together, the table
/// of a <c>table.column</c> key).
/// </summary>
public sealed class ManifestLines
{
    private readonly Dictionary<string, int> sections;
    private readonly Dictionary<string, int> names;

    private ManifestLines(Dictionary<string, int> sections, Dictionary<string, int> names)
    {
        this.sections = sections;
        this.names = names;
    }

    /// <summary>No positions: a manifest built in code rather than read from a file.</summary>
    public static ManifestLines Empty { get; } = new([], []);

    /// <summary>The 1-based line of top-level section <paramref name="key"/>, or null when the manifest has none.</summary>
    public int? SectionLine(string key) => sections.TryGetValue(key, out var line) ? line : null;

    /// <summary>The 1-based line of the first entry that names <paramref name="name"/> (exactly), or null when none does.</summary>
    public int? EntryLine(string name) => names.TryGetValue(name, out var line) ? line : null;

    /// <summary>The positions of the manifest whose document root is <paramref name="root"/>.</summary>
    public static ManifestLines Of(YamlNode root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var sections = new Dictionary<string, int>(StringComparer.Ordinal);
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        if (root is YamlMappingNode mapping)
        {
            foreach (var (key, value) in mapping.Children)
            {
                if (key is YamlScalarNode { Value: { } name })
                {
                    sections.TryAdd(name, Line(key));
                }

                Index(value, names);
            }
        }

        return new ManifestLines(sections, names);
    }

    private static void Index(YamlNode node, Dictionary<string, int> names)
    {
        switch (node)
        {
            case YamlScalarNode { Value: { Length: > 0 } value }:
                names.TryAdd(value.Trim(), Line(node));
                break;
            case YamlSequenceNode sequence:
                foreach (var item in sequence.Children)
                {
                    Index(item, names);
                }

                break;
            case YamlMappingNode mapping:
                if (Scalar(mapping, "method") is { } method && Scalar(mapping, "path") is { } path)
                {
                    names.TryAdd($"{method.ToUpperInvariant()} {path}", Line(node));
                }

                foreach (var (key, value) in mapping.Children)
                {
                    if (key is YamlScalarNode { Value: { } text } && text.IndexOf('.', StringComparison.Ordinal) is > 0 and var dot)
                    {
                        names.TryAdd(text[..dot], Line(key));
                    }

                    Index(value, names);
                }

                break;
        }
    }

    private static string? Scalar(YamlMappingNode mapping, string key) =>
        mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode { Value: { Length: > 0 } text } ? text : null;

    private static int Line(YamlNode node) => (int)node.Start.Line;
}
