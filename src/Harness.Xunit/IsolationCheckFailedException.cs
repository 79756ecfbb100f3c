namespace Harness.Xunit;

/// <summary>A gate's check found a tenant-isolation problem; the message names each finding with its evidence and reproduction.</summary>
/// <remarks>
/// An xunit assertion failure: xunit treats any exception implementing an interface named <c>IAssertionException</c> as one
/// (whatever its namespace), so runners show it as a failed assertion. The interface is declared here because
/// xunit.v3.extensibility.core does not carry the public one (that lives in xunit.v3.assert).
/// </remarks>
public sealed class IsolationCheckFailedException : Exception, IAssertionException
{
    internal IsolationCheckFailedException(IsolationCheck check, string message)
        : base(message)
    {
        Check = check;
    }

    public IsolationCheckFailedException()
    {
    }

    public IsolationCheckFailedException(string message)
        : base(message)
    {
    }

    public IsolationCheckFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The failed check, or null when constructed without one.</summary>
    public IsolationCheck? Check { get; }
}

/// <summary>Marks an exception as an assertion failure for xunit, which matches this interface by name.</summary>
#pragma warning disable CA1040 // A marker interface: xunit recognises it by its name.
internal interface IAssertionException;
#pragma warning restore CA1040
