namespace Harness.Findings;

/// <summary>How bad a finding is. The gate fails on findings at or above a threshold (default <see cref="Low"/>).</summary>
public enum Severity
{
    Info = 0,
    Low = 1,
    Medium = 2,
    High = 3,
    Critical = 4,
}
