using Harness.Errors;

namespace Harness.Scenarios.Chaos;

/// <summary>The chaos run cannot go on (no target, no tenant with reads, PgBouncer asked for and missing); the message says what to change.</summary>
public sealed class ChaosException : HarnessException
{
    public ChaosException(string message)
        : base(message)
    {
    }

    public ChaosException()
    {
    }

    public ChaosException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
