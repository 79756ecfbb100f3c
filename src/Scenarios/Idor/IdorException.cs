namespace Harness.Scenarios.Idor;

/// <summary>
/// The IDOR probes refuse to run: no running target or credentials, no ledger, fewer than two tenants, or the target
/// refuses the harness's own users. An <see cref="ArgumentException"/>, so the CLI reports <c>error: ...</c> and exits 2
/// instead of passing probes that proved nothing.
/// </summary>
public sealed class IdorException : ArgumentException
{
    public IdorException() : this("The IDOR probes cannot run.") { }

    public IdorException(string message) : base(message) { }

    public IdorException(string message, Exception innerException) : base(message, innerException) { }
}
