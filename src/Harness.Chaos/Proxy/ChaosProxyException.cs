using Harness.Errors;

namespace Harness.Chaos.Proxy;

/// <summary>The fault proxy cannot do what it was asked: a fault it does not inject, a value out of range, or no listening socket.</summary>
public sealed class ChaosProxyException : HarnessException
{
    public ChaosProxyException(string message)
        : base(message)
    {
    }

    public ChaosProxyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
