namespace Harness.Errors;

/// <summary>
/// This run cannot go on; the message says why and what to do. Each failure mode is a sealed subtype that carries its
/// context as properties (the manifest position, the migration, the table, the route...). The CLI prints its message as
/// <c>error: ...</c> without a stack trace and exits 2, and a scenario family that throws one could not run: its reason
/// goes into the report. Any other exception is a bug in the harness (<see cref="HarnessBug"/>).
/// </summary>
public abstract class HarnessException : Exception
{
    protected HarnessException()
    {
    }

    protected HarnessException(string message)
        : base(message)
    {
    }

    protected HarnessException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
