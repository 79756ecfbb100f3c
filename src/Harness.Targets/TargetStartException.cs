using Harness.Errors;

namespace Harness.Targets;

/// <summary>
/// The target could not be started: its command failed to start, it exited, or it never answered its readiness
/// check in time. The message says which and ends with the target's last output lines (<see cref="Output"/>).
/// </summary>
public sealed class TargetStartException : HarnessException
{
    public TargetStartException(string message, string? output = null, Exception? innerException = null)
        : base(string.IsNullOrWhiteSpace(output) ? message : $"{message}; its last output:\n{output}", innerException)
    {
        Output = output ?? "";
    }

    public TargetStartException() : this("The target could not be started.") { }

    public TargetStartException(string message) : this(message, null, null) { }

    public TargetStartException(string message, Exception innerException) : this(message, null, innerException) { }

    /// <summary>The target's last output lines (empty when it printed nothing or runs in-process).</summary>
    public string Output { get; }
}
