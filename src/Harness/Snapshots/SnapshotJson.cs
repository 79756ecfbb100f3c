using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Harness.Snapshots;

/// <summary>
/// Snapshots and diffs as files: indented camelCase JSON with a <c>format</c> version. Reading a file that is not JSON, not
/// of this shape, or of another format version throws a <see cref="SnapshotException"/> that names the file.
/// </summary>
public static class SnapshotJson
{
    /// <summary>The format version this harness writes and reads (<see cref="DatabaseSnapshot.Format"/>, <see cref="SnapshotDiff.Format"/>).</summary>
    public const int CurrentFormat = 1;

    public static string Serialize(DatabaseSnapshot snapshot) => JsonSerializer.Serialize(snapshot, SnapshotJsonContext.Default.DatabaseSnapshot);

    public static string Serialize(SnapshotDiff diff) => JsonSerializer.Serialize(diff, SnapshotJsonContext.Default.SnapshotDiff);

    public static Task WriteAsync(string path, DatabaseSnapshot snapshot, CancellationToken cancellationToken = default) =>
        File.WriteAllTextAsync(path, Serialize(snapshot) + "\n", cancellationToken);

    public static Task WriteAsync(string path, SnapshotDiff diff, CancellationToken cancellationToken = default) =>
        File.WriteAllTextAsync(path, Serialize(diff) + "\n", cancellationToken);

    /// <summary>The snapshot in <paramref name="json"/>; <paramref name="source"/> (the file) names it in errors.</summary>
    public static DatabaseSnapshot ParseSnapshot(string json, string source) =>
        Parse(json, source, "snapshot", SnapshotJsonContext.Default.DatabaseSnapshot);

    /// <summary>The diff in <paramref name="json"/>; <paramref name="source"/> (the file) names it in errors.</summary>
    public static SnapshotDiff ParseDiff(string json, string source) =>
        Parse(json, source, "snapshot diff", SnapshotJsonContext.Default.SnapshotDiff);

    public static async Task<DatabaseSnapshot> ReadSnapshotAsync(string path, CancellationToken cancellationToken = default) =>
        ParseSnapshot(await ReadTextAsync(path, "snapshot", cancellationToken), path);

    public static async Task<SnapshotDiff> ReadDiffAsync(string path, CancellationToken cancellationToken = default) =>
        ParseDiff(await ReadTextAsync(path, "snapshot diff", cancellationToken), path);

    private static async Task<string> ReadTextAsync(string path, string what, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllTextAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new SnapshotException($"{path} does not exist: pass the path of a {what} the harness wrote.", e) { File = path };
        }
    }

    private static T Parse<T>(string json, string source, string what, JsonTypeInfo<T> type)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(json);
        var version = FormatOf(json, source, what);
        if (version != CurrentFormat)
        {
            throw new SnapshotException(
                $"{source} is a {what} of format version {version}; this harness reads version {CurrentFormat}. "
                + $"Take the {what} again with this harness, or read it with the harness version that wrote it.")
            { File = source };
        }

        try
        {
            return JsonSerializer.Deserialize(json, type)
                ?? throw new SnapshotException($"{source} holds null, not a {what}: pass a file the harness wrote.") { File = source };
        }
        catch (JsonException e)
        {
            throw new SnapshotException(
                $"{source} is not a harness {what} ({e.Message}): pass a file the harness wrote, unedited, or take it again.", e)
            { File = source };
        }
    }

    /// <summary>The <c>format</c> number at the top of the document, read before the rest so another version is named as such.</summary>
    private static int FormatOf(string json, string source, string what)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object
                   && document.RootElement.TryGetProperty("format", out var value)
                   && value.ValueKind == JsonValueKind.Number
                   && value.TryGetInt32(out var version)
                ? version
                : throw new SnapshotException(
                    $"{source} is not a harness {what}: it has no \"format\" number at the top. Pass a file the harness wrote.")
                { File = source };
        }
        catch (JsonException e)
        {
            throw new SnapshotException($"{source} is not valid JSON ({e.Message}): pass a {what} file the harness wrote, or take it again.", e)
            { File = source };
        }
    }
}
