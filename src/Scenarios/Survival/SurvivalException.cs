using Harness.Errors;

namespace Harness.Scenarios.Survival;

/// <summary>
/// Migration survival refuses to run or cannot go on: no baseline, no migration steps, no ledger, or a migration that does
/// not apply at all. A <see cref="HarnessException"/>, so the run reports its message as the reason and exits 2.
/// </summary>
public sealed class SurvivalException : HarnessException
{
    public SurvivalException() : this("Migration survival cannot run.") { }

    public SurvivalException(string message) : base(message) { }

    public SurvivalException(string message, Exception innerException) : base(message, innerException) { }
}
