namespace Harness.Reporting;

/// <summary>How a run ends for the gate; each value is the process's exit code (the documented 0 / 1 / 2 contract).</summary>
public enum RunOutcome
{
    /// <summary>PASS: at least one check ran, every scenario ran to its end, and no finding reaches the threshold.</summary>
    Pass = 0,

    /// <summary>FAIL: at least one finding at or above the threshold.</summary>
    Fail = 1,

    /// <summary>
    /// INCOMPLETE: a scenario could not run to its end, or no check ran, so the run cannot be read as a pass. A run that
    /// cannot start at all ends with the same code, without a report.
    /// </summary>
    Incomplete = 2,
}
