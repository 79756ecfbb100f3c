using Harness.Errors;

namespace Harness.Load;

/// <summary>A load schedule or option that cannot be run (a negative rate, an empty duration...); the message says which value and what is allowed.</summary>
public sealed class LoadConfigurationException : HarnessException
{
    public LoadConfigurationException(string message)
        : base(message)
    {
    }

    public LoadConfigurationException()
    {
    }

    public LoadConfigurationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
