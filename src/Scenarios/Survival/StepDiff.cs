using System.Text.Json;
using System.Text.Json.Serialization;
using Harness.Running;
using Harness.Snapshots;

namespace Harness.Scenarios.Survival;

/// <summary>What one migration step changed, for the report folder's <c>survival-diff.json</c>.</summary>
internal sealed record StepDiff(string Step, string Version, string? File, SnapshotDiff Diff)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>The diff of every step after <paramref name="baseline"/>, as one JSON file.</summary>
    public static ScenarioArtifact Artifact(string baseline, IReadOnlyList<StepDiff> steps) =>
        new("diff.json", "application/json", JsonSerializer.SerializeToUtf8Bytes(new { baseline, steps }, Json));
}
