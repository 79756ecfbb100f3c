namespace Harness.Init;

/// <summary><c>harness init</c> cannot write a manifest; the message says why and what to do instead.</summary>
public sealed class InitException : Exception
{
    public InitException() : this("harness init could not write a manifest") { }

    public InitException(string message) : base(message) { }

    public InitException(string message, Exception innerException) : base(message, innerException) { }
}
