namespace Harness.Errors;

/// <summary>
/// An option or argument given to the harness is out of its range or names nothing that exists (<c>--workers 0</c>, an
/// unknown scenario). The message names the option and what is valid.
/// </summary>
public sealed class UsageException : HarnessException
{
    public UsageException() : this("An option of the harness is not valid.") { }

    public UsageException(string message) : base(message) { }

    public UsageException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>
    /// The option at fault as the command line spells it (e.g. <c>--workers</c>, the <c>Workers</c> property of the options
    /// in C#), or null when the message names several.
    /// </summary>
    public string? Option { get; init; }
}
