using Harness.Errors;

namespace Harness.Targets.Credentials;

/// <summary>A credential could not be issued (a login failed, a tenant has no token in the file). The message names the tenant and why.</summary>
public sealed class CredentialException : HarnessException
{
    public CredentialException() : this("A credential could not be issued.") { }

    public CredentialException(string message) : base(message) { }

    public CredentialException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>The credential strategy at fault: its description (e.g. <c>login POST /login</c>) or the token file it reads.</summary>
    public string? Strategy { get; init; }

    /// <summary>The seeded user the credential was for; null when the source itself is unusable.</summary>
    public TenantPrincipal? Principal { get; init; }
}
