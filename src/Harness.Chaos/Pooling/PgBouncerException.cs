using Harness.Errors;

namespace Harness.Chaos.Pooling;

/// <summary>
/// PgBouncer could not be used: it is not installed, its options are wrong, or it did not start (exited, or did not
/// accept a login in time). The message says which and what to do, ending with PgBouncer's last log lines (<see cref="Output"/>).
/// </summary>
public sealed class PgBouncerException : HarnessException
{
    /// <summary>What to tell a user whose machine has no PgBouncer.</summary>
    public const string InstallHint = "install it (Debian/Ubuntu: apt-get install pgbouncer; scripts/ensure-prerequisites.sh does it as root) or run the chaos scenarios without PgBouncer";

    public PgBouncerException(string message, string? output = null, Exception? innerException = null)
        : base(string.IsNullOrWhiteSpace(output) ? message : $"{message}; its last output:\n{output}", innerException)
    {
        Output = output ?? "";
    }

    public PgBouncerException() : this("PgBouncer could not be used.") { }

    public PgBouncerException(string message) : this(message, null, null) { }

    public PgBouncerException(string message, Exception innerException) : this(message, null, innerException) { }

    /// <summary>PgBouncer's last output lines (empty when it never ran).</summary>
    public string Output { get; }
}
