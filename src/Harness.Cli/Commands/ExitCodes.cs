using Harness.Reporting;

namespace Harness.Cli.Commands;

/// <summary>The documented exit-code contract: the values of <see cref="RunOutcome"/>, which a run's verdict decides.</summary>
public static class ExitCodes
{
    /// <summary>No finding at or above the threshold.</summary>
    public const int Clean = (int)RunOutcome.Pass;

    /// <summary>At least one finding at or above the threshold.</summary>
    public const int Findings = (int)RunOutcome.Fail;

    /// <summary>The harness could not run (bad input, no PostgreSQL, a migration failed...), a scenario could not run to its end, or no check ran.</summary>
    public const int CouldNotRun = (int)RunOutcome.Incomplete;
}
