using Harness.Errors;

namespace Harness.Xunit;

/// <summary>
/// An isolation gate did not run (PostgreSQL, migrations, seeding or the app failed): the inner exception is the real
/// cause, and the message ends with the run's last progress lines.
/// </summary>
public sealed class IsolationGateException : HarnessException
{
    private const int LogLines = 15;

    public IsolationGateException(string message, IReadOnlyList<string> log, Exception? innerException = null)
        : base(WithLog(message, log), innerException)
    {
        Log = log;
    }

    public IsolationGateException()
        : this("The isolation gate did not run.", [])
    {
    }

    public IsolationGateException(string message)
        : this(message, [])
    {
    }

    public IsolationGateException(string message, Exception innerException)
        : this(message, [], innerException)
    {
    }

    /// <summary>The run's progress lines up to the failure.</summary>
    public IReadOnlyList<string> Log { get; }

    private static string WithLog(string message, IReadOnlyList<string> log) =>
        log is null || log.Count == 0
            ? message
            : $"{message}{Environment.NewLine}last progress:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", log.TakeLast(LogLines))}";
}
