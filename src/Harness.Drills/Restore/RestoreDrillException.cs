using Harness.Errors;

namespace Harness.Drills.Restore;

/// <summary>A step of the restore drill could not run (a tool failed, recovery did not finish); <see cref="Log"/> holds its output.</summary>
public sealed class RestoreDrillException : HarnessException
{
    public RestoreDrillException(string message, string? log = null, Exception? innerException = null)
        : base(log is null ? message : $"{message}\n{log}", innerException) => Log = log;

    public RestoreDrillException() : this("The restore drill could not run.") { }

    public RestoreDrillException(string message) : this(message, null, null) { }

    public RestoreDrillException(string message, Exception innerException) : this(message, null, innerException) { }

    /// <summary>The tail of the tool's or server's output that explains the failure, when there is one.</summary>
    public string? Log { get; }
}
