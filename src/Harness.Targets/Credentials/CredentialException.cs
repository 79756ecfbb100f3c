namespace Harness.Targets.Credentials;

/// <summary>A credential could not be issued (a login failed, a tenant has no token in the file). The message names the tenant and why.</summary>
public sealed class CredentialException : Exception
{
    public CredentialException() : this("A credential could not be issued.") { }

    public CredentialException(string message) : base(message) { }

    public CredentialException(string message, Exception innerException) : base(message, innerException) { }
}
