using Harness.Errors;

namespace Harness.Provisioning;

/// <summary>PostgreSQL could not be provided. The message says what failed and what to do; <see cref="Log"/> holds the server's last output.</summary>
public sealed class ProvisioningException : HarnessException
{
    public ProvisioningException(string message, string? log = null, Exception? innerException = null)
        : base(message, innerException) => Log = log;

    public ProvisioningException() : this("PostgreSQL could not be provisioned.") { }

    public ProvisioningException(string message) : this(message, null, null) { }

    public ProvisioningException(string message, Exception innerException) : this(message, null, innerException) { }

    /// <summary>The tail of the server or tool output that explains the failure, when there is one.</summary>
    public string? Log { get; }
}
