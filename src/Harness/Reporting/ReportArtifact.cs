using Harness.Running;

namespace Harness.Reporting;

/// <summary>
/// A file a scenario handed the report folder (<see cref="ScenarioArtifact"/>) as the reports list it: whose it is, its
/// name, media type and size, without its content.
/// </summary>
public sealed record ReportArtifact(string ScenarioId, string FileName, string MediaType, long Bytes)
{
    /// <summary>The file's name in the report folder: <c>&lt;scenario id&gt;-&lt;file name&gt;</c>.</summary>
    public string FolderFileName => FolderFileNameOf(ScenarioId, FileName);

    /// <summary>The name in the report folder of <paramref name="scenarioId"/>'s artifact <paramref name="fileName"/>.</summary>
    public static string FolderFileNameOf(string scenarioId, string fileName) => $"{scenarioId}-{fileName}";

    internal static ReportArtifact Of(string scenarioId, ScenarioArtifact artifact) =>
        new(scenarioId, artifact.FileName, artifact.MediaType, artifact.Content.Length);
}
