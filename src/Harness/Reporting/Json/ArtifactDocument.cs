namespace Harness.Reporting.Json;

/// <summary>
/// A file a scenario handed the report folder, as report.json lists it: the scenario's name for it, the file next to
/// report.json (<c>&lt;scenario id&gt;-&lt;name&gt;</c>), its media type and its size in bytes; the content stays in the file.
/// </summary>
public sealed record ArtifactDocument(string Name, string File, string MediaType, long Bytes)
{
    internal static ArtifactDocument From(ReportArtifact artifact) => new(artifact.FileName, artifact.FolderFileName, artifact.MediaType, artifact.Bytes);

    /// <exception cref="FormatException">The listed file is not the one the scenario's name gives.</exception>
    internal ReportArtifact ToArtifact(string scenarioId)
    {
        var artifact = new ReportArtifact(scenarioId, Name, MediaType, Bytes);
        return artifact.FolderFileName == File
            ? artifact
            : throw new FormatException($"scenario {scenarioId} lists artifact {Name} as file {File}, but it is written as {artifact.FolderFileName}");
    }
}
