using Harness.Manifest;

namespace Harness.Targets.Manifest;

/// <summary>The readers of the manifest's <c>target</c>, <c>credentials</c> and <c>endpoints</c> sections.</summary>
public static class TargetManifestSections
{
    public const string TargetKey = "target";
    public const string CredentialsKey = "credentials";
    public const string EndpointsKey = "endpoints";

    /// <summary>All three, for <see cref="ManifestLoader"/>.</summary>
    public static IReadOnlyList<IManifestSectionReader> Readers { get; } =
    [
        new Reader(TargetKey, s => TargetManifestReader.ReadTarget(s.Root, s.Folder)),
        new Reader(CredentialsKey, s => TargetManifestReader.ReadCredentials(s.Root, s.Folder)),
        new Reader(EndpointsKey, s => EndpointsManifestReader.ReadEndpoints(s.Root, s.Folder)),
    ];

    private sealed class Reader(string key, Func<ManifestSection, object?> read) : IManifestSectionReader
    {
        public string Key => key;

        public object? Read(ManifestSection section) => read(section);
    }
}
