using Harness.Errors;

namespace Harness.Snapshots;

/// <summary>
/// A snapshot could not be taken (the role may not read every row) or a snapshot or diff file cannot be read (not JSON,
/// another format version). The message names the schema or file and what to do.
/// </summary>
public sealed class SnapshotException : HarnessException
{
    public SnapshotException() : this("A database snapshot could not be taken or read.") { }

    public SnapshotException(string message) : base(message) { }

    public SnapshotException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>The snapshot or diff file at fault, or null when taking the snapshot failed.</summary>
    public string? File { get; init; }
}
