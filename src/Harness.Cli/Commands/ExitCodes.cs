namespace Harness.Cli.Commands;

/// <summary>The documented exit-code contract.</summary>
public static class ExitCodes
{
    /// <summary>No finding at or above the threshold.</summary>
    public const int Clean = 0;

    /// <summary>At least one finding at or above the threshold.</summary>
    public const int Findings = 1;

    /// <summary>The harness could not run (bad input, no PostgreSQL, a migration failed...).</summary>
    public const int CouldNotRun = 2;
}
