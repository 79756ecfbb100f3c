namespace Harness.Reporting;

/// <summary>The files scenarios hand the report folder, written next to report.json as <c>&lt;scenario id&gt;-&lt;file name&gt;</c>.</summary>
internal static class ArtifactFiles
{
    /// <summary>
    /// Refuses, before anything is written, two artifacts that would land in the same file (names compared ignoring case, as
    /// some file systems do) or one that would overwrite a report.
    /// </summary>
    /// <exception cref="InvalidOperationException">Names the file and the scenarios whose artifacts collide.</exception>
    public static void RefuseCollisions(RunReport report, IEnumerable<string> reportFiles)
    {
        var taken = reportFiles.ToDictionary(f => f, f => "the report itself", StringComparer.OrdinalIgnoreCase);
        foreach (var artifact in report.Artifacts)
        {
            var owner = $"scenario {artifact.ScenarioId}'s artifact {artifact.FileName}";
            if (!taken.TryAdd(artifact.FolderFileName, owner))
            {
                throw new InvalidOperationException(
                    $"{owner} and {taken[artifact.FolderFileName]} would both be written to {artifact.FolderFileName} in the report folder; "
                    + "a scenario must give each of its artifacts a name of its own");
            }
        }
    }

    /// <summary>Writes each scenario's artifacts into <paramref name="folder"/> (the listed ones of a report read back stay where they are).</summary>
    public static async Task WriteAsync(RunReport report, string folder, CancellationToken cancellationToken)
    {
        foreach (var scenario in report.Scenarios)
        {
            foreach (var artifact in scenario.Artifacts)
            {
                var path = Path.Combine(folder, ReportArtifact.FolderFileNameOf(scenario.ScenarioId, artifact.FileName));
                await File.WriteAllBytesAsync(path, artifact.Content, cancellationToken);
            }
        }
    }
}
