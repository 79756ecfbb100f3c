namespace Harness.Running;

/// <summary>A file a scenario hands the report folder, e.g. the HdrHistogram log of a soak.</summary>
/// <param name="FileName">A plain file name (no folder), e.g. <c>latency.hlog</c>; the report writes it as <c>&lt;scenario id&gt;-&lt;file name&gt;</c>.</param>
/// <param name="MediaType">Its media type, e.g. <c>text/plain</c> or <c>application/json</c>.</param>
/// <param name="Content">Its bytes.</param>
public sealed record ScenarioArtifact(string FileName, string MediaType, ReadOnlyMemory<byte> Content)
{
    /// <exception cref="ArgumentException">The name is empty or names a folder.</exception>
    public string FileName { get; init; } =
        !string.IsNullOrWhiteSpace(FileName) && FileName.IndexOfAny(['/', '\\']) < 0 && FileName is not "." and not ".."
            ? FileName
            : throw new ArgumentException($"artifact file name '{FileName}' must be a plain file name without a folder", nameof(FileName));
}
