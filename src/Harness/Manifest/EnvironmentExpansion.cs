using System.Text;
using YamlDotNet.RepresentationModel;

namespace Harness.Manifest;

/// <summary>
/// Expands <c>${NAME}</c> and <c>${NAME:-default}</c> in the manifest's values from the environment, before any section
/// is read, so every reader sees the expanded text and every error keeps its line and column. <c>$${</c> writes a literal
/// <c>${</c>. Keys are never expanded. A variable that is not set and has no default is an error naming where it is used.
/// </summary>
public static class EnvironmentExpansion
{
    /// <summary>Expands every scalar value under <paramref name="root"/> in place.</summary>
    public static void Apply(YamlNode root, string sourcePath, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(environment);
        switch (root)
        {
            case YamlScalarNode scalar when scalar.Value is { } value && value.Contains('$', StringComparison.Ordinal):
                scalar.Value = Expand(value, environment, problem => new ManifestException(
                    sourcePath, (int)scalar.Start.Line, (int)scalar.Start.Column, problem));
                break;
            case YamlMappingNode mapping:
                foreach (var value in mapping.Children.Values)
                {
                    Apply(value, sourcePath, environment);
                }

                break;
            case YamlSequenceNode sequence:
                foreach (var item in sequence.Children)
                {
                    Apply(item, sourcePath, environment);
                }

                break;
        }
    }

    /// <summary>The text with its <c>${...}</c> references replaced; <paramref name="error"/> builds the exception for a bad one.</summary>
    public static string Expand(string text, Func<string, string?> environment, Func<string, Exception> error)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(error);
        var result = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '$' && i + 2 < text.Length && text[i + 1] == '$' && text[i + 2] == '{')
            {
                result.Append("${");
                i += 3;
                continue;
            }

            if (text[i] != '$' || i + 1 >= text.Length || text[i + 1] != '{')
            {
                result.Append(text[i++]);
                continue;
            }

            var end = text.IndexOf('}', i + 2);
            if (end < 0)
            {
                throw error($"'${{' at character {i + 1} is not closed; write ${{NAME}}, ${{NAME:-default}}, or $${{ for a literal ${{");
            }

            var reference = text[(i + 2)..end];
            var separator = reference.IndexOf(":-", StringComparison.Ordinal);
            var name = separator < 0 ? reference : reference[..separator];
            if (!IsName(name))
            {
                throw error($"'${{{reference}}}' does not name an environment variable; names are letters, digits and _, e.g. ${{DATABASE_PASSWORD}}");
            }

            var value = environment(name);
            if (string.IsNullOrEmpty(value))
            {
                value = separator < 0
                    ? throw error($"environment variable {name} is not set; set it, or give a default: ${{{name}:-value}}")
                    : reference[(separator + 2)..];
            }

            result.Append(value);
            i = end + 1;
        }

        return result.ToString();
    }

    private static bool IsName(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
