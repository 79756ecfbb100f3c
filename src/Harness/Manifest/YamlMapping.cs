using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Harness.Manifest;

/// <summary>
/// A YAML mapping read with positions, so every error names file, line and column, and unknown keys
/// are refused with the list of valid ones (a typo must never be silently ignored).
/// </summary>
#pragma warning disable CA1720 // String, Int, Bool name the YAML value each reads, as a manifest author says them.
public sealed class YamlMapping
{
    private readonly YamlMappingNode node;
    private readonly string file;
    private readonly string path;
    private readonly HashSet<string> allowed;

    public YamlMapping(YamlNode node, string file, string path, params string[] allowedKeys)
    {
        this.file = file;
        this.path = path;
        allowed = [.. allowedKeys];
        this.node = node as YamlMappingNode
            ?? throw Error(node, $"'{path}' must be a mapping of keys to values (valid keys: {string.Join(", ", allowedKeys)})");
        foreach (var key in this.node.Children.Keys)
        {
            var name = ((YamlScalarNode)key).Value ?? "";
            if (!allowed.Contains(name))
            {
                throw Error(key, $"unknown key '{Qualified(name)}'; valid keys here are: {string.Join(", ", allowedKeys)}");
            }
        }
    }

    public YamlNode Node => node;

    public string File => file;

    public ManifestException Error(YamlNode at, string problem) =>
        new(file, (int)at.Start.Line, (int)at.Start.Column, problem);

    public YamlNode? Find(string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public YamlMapping? Section(string key, params string[] allowedKeys) =>
        Find(key) is { } value ? new YamlMapping(value, file, Qualified(key), allowedKeys) : null;

    public YamlMapping RequiredSection(string key, params string[] allowedKeys) =>
        Section(key, allowedKeys) ?? throw Error(node, $"missing section '{Qualified(key)}' (keys: {string.Join(", ", allowedKeys)})");

    public string? String(string key)
    {
        var value = Find(key);
        if (value is null)
        {
            return null;
        }

        if (value is not YamlScalarNode scalar || string.IsNullOrWhiteSpace(scalar.Value))
        {
            throw Error(value, $"'{Qualified(key)}' must be a non-empty string");
        }

        return scalar.Value;
    }

    public string RequiredString(string key, string example) =>
        String(key) ?? throw Error(node, $"missing '{Qualified(key)}', e.g. {Qualified(key)}: {example}");

    public int? Int(string key, int min, int max)
    {
        var value = Find(key);
        if (value is null)
        {
            return null;
        }

        if (value is YamlScalarNode scalar
            && int.TryParse(scalar.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
            && number >= min && number <= max)
        {
            return number;
        }

        throw Error(value, $"'{Qualified(key)}' must be a whole number from {min} to {max}");
    }

    public double? Number(string key, double min, double max)
    {
        var value = Find(key);
        if (value is null)
        {
            return null;
        }

        if (value is YamlScalarNode scalar
            && double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            && number >= min && number <= max)
        {
            return number;
        }

        throw Error(value, $"'{Qualified(key)}' must be a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}");
    }

    /// <summary>A duration (<see cref="DurationText"/>: 500ms, 4s, 1m) from <paramref name="min"/> to <paramref name="max"/>, or null when absent.</summary>
    public TimeSpan? Duration(string key, TimeSpan min, TimeSpan max)
    {
        var value = Find(key);
        if (value is null)
        {
            return null;
        }

        return value is YamlScalarNode { Value: { } text } && DurationText.Parse(text) is { } duration && duration >= min && duration <= max
            ? duration
            : throw Error(value, $"'{Qualified(key)}' must be a duration from {DurationText.Format(min)} to {DurationText.Format(max)}, such as {DurationText.Examples}");
    }

    public bool? Bool(string key)
    {
        var value = Find(key);
        return value switch
        {
            null => null,
            YamlScalarNode { Value: "true" } => true,
            YamlScalarNode { Value: "false" } => false,
            _ => throw Error(value, $"'{Qualified(key)}' must be true or false"),
        };
    }

    /// <summary>A list of strings; a single string is accepted as a one-element list.</summary>
    public IReadOnlyList<string>? StringList(string key)
    {
        var value = Find(key);
        switch (value)
        {
            case null:
                return null;
            case YamlScalarNode { Value: { Length: > 0 } single }:
                return [single];
            case YamlSequenceNode sequence:
                var items = new List<string>();
                foreach (var item in sequence.Children)
                {
                    if (item is not YamlScalarNode { Value: { Length: > 0 } text })
                    {
                        throw Error(item, $"every item of '{Qualified(key)}' must be a non-empty string");
                    }

                    items.Add(text);
                }

                return items;
            default:
                throw Error(value, $"'{Qualified(key)}' must be a string or a list of strings");
        }
    }

    private string Qualified(string key) => path.Length == 0 ? key : $"{path}.{key}";
}
#pragma warning restore CA1720
