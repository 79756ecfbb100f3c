using System.Text.Json;
using System.Text.Json.Serialization;
using Harness.Processes;

namespace Harness.Workers;

/// <summary>
/// The comment the harness writes on every schema it creates. A schema is the harness's to drop only when
/// its name has the worker form AND it carries this marker: a user's schema that merely looks alike is never touched.
/// It names the host and process that own it (and when that process started), so a collector never drops the schema
/// of a run that is still going on this host, whatever the TTL.
/// </summary>
public sealed record SchemaMarker(
    [property: JsonPropertyName("harness")] int Version,
    [property: JsonPropertyName("run")] string RunId,
    [property: JsonPropertyName("created")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("host")] string Host,
    [property: JsonPropertyName("pid")] int ProcessId)
{
    /// <summary>When the owning process started; absent in markers written before it was recorded.</summary>
    [JsonPropertyName("started")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? ProcessStartedAt { get; init; }

    /// <summary>The marker of an object that this harness process creates now for <paramref name="run"/>.</summary>
    public static SchemaMarker ForThisProcess(RunId run, DateTimeOffset createdAt) =>
        new(1, run.Value, createdAt, Environment.MachineName, Environment.ProcessId)
        {
            ProcessStartedAt = new DateTimeOffset(ProcessIdentity.CurrentStartTimeUtc, TimeSpan.Zero),
        };

    /// <summary>
    /// True when the owner is a process of this host that still runs: the same pid, and the same process (its start
    /// time is the recorded one or, for an older marker without it, no later than the marker's creation). An owner on
    /// another host cannot be checked and is left to the TTL.
    /// </summary>
    public bool OwnerIsAliveOnThisHost() =>
        string.Equals(Host, Environment.MachineName, StringComparison.OrdinalIgnoreCase)
        && (ProcessStartedAt is { } started
            ? ProcessIdentity.IsAlive(ProcessId, started.UtcDateTime)
            : ProcessIdentity.IsAliveSince(ProcessId, CreatedAt.UtcDateTime));

    public string ToComment() => JsonSerializer.Serialize(this);

    public static SchemaMarker? TryParse(string? comment)
    {
        if (string.IsNullOrEmpty(comment) || !comment.StartsWith("{\"harness\"", StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<SchemaMarker>(comment);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
