using Harness.Errors;

namespace Harness.Init;

/// <summary><c>harness init</c> cannot write a manifest; the message says why and what to do instead.</summary>
public sealed class InitException : HarnessException
{
    public InitException() : this("harness init could not write a manifest") { }

    public InitException(string message) : base(message) { }

    public InitException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>The <c>harness init</c> option to change (e.g. <c>--schema</c>, <c>--tenant-key</c>, <c>--output</c>), when one is at fault.</summary>
    public string? Option { get; init; }
}
