using Harness.Errors;

namespace Harness.Scenarios.Soak;

/// <summary>The soak cannot run as configured (no endpoint, too few tenants, a start time that passed); the message says what to change.</summary>
public sealed class SoakException : HarnessException
{
    public SoakException(string message)
        : base(message)
    {
    }

    public SoakException()
    {
    }

    public SoakException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
