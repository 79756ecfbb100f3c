using System.Text.RegularExpressions;

namespace Harness.Bench;

/// <summary>
/// Passes the pipeline's progress on, prefixed with the run's mode, and samples CPU time (<see cref="CpuMeter"/>) from the
/// line that starts the probes ("... probes against pid N ...") to the line that ends their last phase.
/// </summary>
internal sealed partial class MeteredProgress(string mode, IProgress<string> inner) : IProgress<string>
{
    private int? appPid;
    private CpuUse? start;
    private CpuUse? end;

    /// <summary>CPU time spent while the probes ran, or null when the progress lines were not seen.</summary>
    public CpuUse? Cpu => start is not null && end is not null ? end - start : null;

    public void Report(string value)
    {
        if (value.Contains(" probes against ", StringComparison.Ordinal))
        {
            appPid = CpuMeter.AppPidIn(value);
            start = CpuMeter.Sample(appPid);
        }
        else if (start is not null && PhaseDone().IsMatch(value))
        {
            end = CpuMeter.Sample(appPid);
        }

        inner.Report($"{mode}: {value}");
    }

    [GeneratedRegex(@"^idor: .+: \d+ probes, \d+ requests")]
    private static partial Regex PhaseDone();
}
