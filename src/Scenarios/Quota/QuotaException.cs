using Harness.Errors;

namespace Harness.Scenarios.Quota;

/// <summary>
/// The quota checks refuse to run: no declared limit, no running target or ledger, too few tenants, or a target that
/// stopped answering. A <see cref="HarnessException"/>, so the run reports its message as the reason and exits 2.
/// </summary>
public sealed class QuotaException : HarnessException
{
    public QuotaException() : this("The quota checks cannot run.") { }

    public QuotaException(string message) : base(message) { }

    public QuotaException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>The running target's base address, when the refusal is about the target.</summary>
    public Uri? Target { get; init; }
}
