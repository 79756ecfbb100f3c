using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Harness.Tests.Infrastructure;
using NJsonSchema;
using NJsonSchema.Validation;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Harness.Tests.Init;

/// <summary>A schema error placed on the YAML line and column it concerns.</summary>
public sealed record SchemaError(int Line, int Column, ValidationErrorKind Kind, string Path)
{
    public override string ToString() => $"{Line}:{Column} {Kind} at {Path}";
}

/// <summary>
/// schema/harness.schema.json, validating YAML as an editor would (YAML 1.2 core-schema scalars), with every error placed
/// on the YAML node it concerns. NJsonSchema does not implement <c>const</c> (draft-06), so it is read as a one-value
/// <c>enum</c>, which means the same.
/// </summary>
public static partial class ManifestSchema
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
    {
        var text = ConstAsEnum(File.ReadAllText(SchemaPath));
        return JsonSchema.FromJsonAsync(text).GetAwaiter().GetResult();
    });

    public static string SchemaPath => Path.Combine(RepositoryPaths.Root, "schema", "harness.schema.json");

    /// <summary>The schema as plain JSON, for walking it.</summary>
    public static JsonObject Document => JsonNode.Parse(File.ReadAllText(SchemaPath))!.AsObject();

    public static IReadOnlyList<SchemaError> Validate(string yaml)
    {
        var (json, marks) = LineJson.From(yaml);
        return [.. Flatten(Schema.Value.Validate(json))
            .Select(e => Place(e, marks))
            .Distinct()
            .OrderBy(e => e.Line).ThenBy(e => e.Column)];
    }

    private static SchemaError Place(ValidationError error, IReadOnlyList<Mark> marks)
    {
        var mark = marks[Math.Clamp(error.LineNumber, 1, marks.Count) - 1];
        return new SchemaError((int)mark.Line, (int)mark.Column, error.Kind, error.Path ?? "#");
    }

    /// <summary>
    /// A oneOf that fails is explained by the one branch of the right type, when there is one (a list of strings where an
    /// item is empty): its errors are placed where they are, as an editor shows them. Otherwise the oneOf error stays.
    /// </summary>
    private static IEnumerable<ValidationError> Flatten(IEnumerable<ValidationError> errors)
    {
        foreach (var error in errors)
        {
            // A list item that fails (a route that is neither METHOD /path nor a valid mapping) is explained by what is
            // wrong inside it, as an editor shows it: the bad key or value, not the item as a whole.
            if (error is ChildSchemaValidationError { Kind: ValidationErrorKind.ArrayItemNotValid } item && item.Errors.Values.Any(e => e.Count > 0))
            {
                foreach (var inner in Flatten(item.Errors.Values.SelectMany(e => e)))
                {
                    yield return inner;
                }

                continue;
            }

            if (error is ChildSchemaValidationError { Kind: ValidationErrorKind.NotOneOf or ValidationErrorKind.NotAnyOf } choice)
            {
                var fitting = choice.Errors.Values
                    .Where(branch => branch.Count > 0 && !branch.Any(e => e.Path == choice.Path && TypeKinds.Contains(e.Kind)))
                    .ToList();
                if (fitting.Count == 1)
                {
                    foreach (var inner in Flatten(fitting[0]))
                    {
                        yield return inner;
                    }

                    continue;
                }
            }

            yield return error;
        }
    }

    private static readonly HashSet<ValidationErrorKind> TypeKinds =
    [
        ValidationErrorKind.StringExpected, ValidationErrorKind.NumberExpected, ValidationErrorKind.IntegerExpected,
        ValidationErrorKind.BooleanExpected, ValidationErrorKind.ObjectExpected, ValidationErrorKind.ArrayExpected,
        ValidationErrorKind.NullExpected,
    ];

    private static string ConstAsEnum(string schema)
    {
        var node = JsonNode.Parse(schema)!;
        Rewrite(node);
        return node.ToJsonString();

        static void Rewrite(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject obj:
                    if (obj["const"] is { } constant)
                    {
                        obj.Remove("const");
                        obj["enum"] = new JsonArray(constant.DeepClone());
                    }

                    foreach (var (_, child) in obj.ToList())
                    {
                        Rewrite(child);
                    }

                    break;
                case JsonArray array:
                    foreach (var child in array)
                    {
                        Rewrite(child);
                    }

                    break;
            }
        }
    }

    /// <summary>
    /// YAML as JSON text with one token per line (an opening bracket, a key, or a scalar), and for every JSON line the
    /// position of the YAML node it came from, so a schema error's line leads back to the YAML.
    /// </summary>
    private static partial class LineJson
    {
        public static (string Json, IReadOnlyList<Mark> Marks) From(string yaml)
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            var lines = new List<(string Text, Mark Mark)>();
            Emit(stream.Documents[0].RootNode, lines);
            return (string.Join("\n", lines.Select(l => l.Text)), [.. lines.Select(l => l.Mark)]);
        }

        private static void Emit(YamlNode node, List<(string Text, Mark Mark)> lines)
        {
            switch (node)
            {
                case YamlMappingNode mapping:
                    lines.Add(("{", node.Start));
                    var i = 0;
                    foreach (var (key, value) in mapping.Children)
                    {
                        lines.Add((JsonSerializer.Serialize(((YamlScalarNode)key).Value ?? "") + ":", key.Start));
                        Emit(value, lines);
                        if (++i < mapping.Children.Count)
                        {
                            lines[^1] = (lines[^1].Text + ",", lines[^1].Mark);
                        }
                    }

                    lines.Add(("}", node.Start));
                    break;
                case YamlSequenceNode sequence:
                    lines.Add(("[", node.Start));
                    for (var j = 0; j < sequence.Children.Count; j++)
                    {
                        Emit(sequence.Children[j], lines);
                        if (j + 1 < sequence.Children.Count)
                        {
                            lines[^1] = (lines[^1].Text + ",", lines[^1].Mark);
                        }
                    }

                    lines.Add(("]", node.Start));
                    break;
                case YamlScalarNode scalar:
                    lines.Add((Scalar(scalar), node.Start));
                    break;
                default:
                    throw new NotSupportedException($"YAML node {node.GetType().Name} at {node.Start}");
            }
        }

        /// <summary>YAML 1.2 core schema: plain true/false/null and numbers keep their type; quoted scalars are strings.</summary>
        private static string Scalar(YamlScalarNode scalar)
        {
            var value = scalar.Value ?? "";
            if (scalar.Style is not (ScalarStyle.Plain or ScalarStyle.Any))
            {
                return JsonSerializer.Serialize(value);
            }

            return value switch
            {
                "" or "~" or "null" or "Null" or "NULL" => "null",
                "true" or "True" or "TRUE" => "true",
                "false" or "False" or "FALSE" => "false",
                _ when Integer().IsMatch(value) => long.Parse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
                _ when Float().IsMatch(value) => double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture),
                _ => JsonSerializer.Serialize(value),
            };
        }

        [GeneratedRegex(@"^[-+]?[0-9]+$")]
        private static partial Regex Integer();

        [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
        private static partial Regex Float();
    }
}
