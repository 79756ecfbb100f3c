using Harness.Errors;

namespace Harness.Scenarios.Idor;

/// <summary>
/// The IDOR probes refuse to run: no running target or credentials, no ledger, fewer than two tenants, or the target
/// refuses the harness's own users. A <see cref="HarnessException"/>, so the run reports its message as the reason the
/// probes could not run and exits 2, instead of passing probes that proved nothing.
/// </summary>
public sealed class IdorException : HarnessException
{
    public IdorException() : this("The IDOR probes cannot run.") { }

    public IdorException(string message) : base(message) { }

    public IdorException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>The running target's base address, when the refusal is about the target.</summary>
    public Uri? Target { get; init; }

    /// <summary>The route (e.g. <c>GET /sites/{siteId}</c>) that cannot be probed, when the refusal is about one.</summary>
    public string? Route { get; init; }

    /// <summary>The target's last output lines when it stopped answering (empty when it printed nothing); null otherwise.</summary>
    public string? Output { get; init; }
}
