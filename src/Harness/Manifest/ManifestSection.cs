namespace Harness.Manifest;

/// <summary>
/// One top-level section of <c>harness.yaml</c> as a reader outside the core sees it: the section's key, the manifest's
/// top-level mapping (for positioned errors) and the manifest's folder (relative paths resolve against it).
/// </summary>
public sealed class ManifestSection
{
    internal ManifestSection(string key, YamlMapping root, string folder)
    {
        Key = key;
        Root = root;
        Folder = folder;
    }

    /// <summary>The top-level key, e.g. <c>idor</c>.</summary>
    public string Key { get; }

    /// <summary>The manifest's top-level mapping; a reader reads only its own key from it.</summary>
    public YamlMapping Root { get; }

    /// <summary>The manifest's folder, absolute.</summary>
    public string Folder { get; }

    /// <summary>True when the manifest has this section.</summary>
    public bool IsPresent => Root.Find(Key) is not null;

    /// <summary>The section as a mapping that refuses keys other than <paramref name="allowedKeys"/>, or null when absent.</summary>
    public YamlMapping? Read(params string[] allowedKeys) => Root.Section(Key, allowedKeys);
}
