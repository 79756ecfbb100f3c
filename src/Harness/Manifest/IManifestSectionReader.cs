namespace Harness.Manifest;

/// <summary>
/// Reads one top-level section of <c>harness.yaml</c> that the core does not know (the app's <c>target</c>, a family's own
/// options), when the manifest is loaded, so its errors name file, line and column like the core's.
/// </summary>
public interface IManifestSectionReader
{
    /// <summary>The top-level key, e.g. <c>target</c>.</summary>
    string Key { get; }

    /// <summary>
    /// The section's value (options with their defaults, or null when the section is absent and has none); throws
    /// <see cref="ManifestException"/> (<see cref="YamlMapping.Error"/>) with the position of what is invalid.
    /// </summary>
    object? Read(ManifestSection section);
}
