namespace Harness.Errors;

/// <summary>
/// How the harness words an exception that is not a <see cref="HarnessException"/>: a bug in the harness, never a
/// reason the run "could not run".
/// </summary>
public static class HarnessBug
{
    private const string Prefix = "this is a bug in the harness: ";

    /// <summary>One line: <c>this is a bug in the harness: &lt;type&gt;: &lt;message&gt;</c>.</summary>
    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return $"{Prefix}{exception.GetType().FullName}: {exception.Message}";
    }

    /// <summary>The same line followed by the stack trace (and any inner exception) on the next lines.</summary>
    public static string WithStackTrace(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return $"{Prefix}{exception}";
    }
}
