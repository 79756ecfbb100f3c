namespace Harness.Bench.Load;

/// <summary>The machine's load average and the harness's memory, read where the benchmark prints them.</summary>
internal static class MachineLoad
{
    /// <summary>The 1, 5 and 15 minute load averages from /proc/loadavg, or "unknown".</summary>
    public static string Average()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "unknown";
        }
    }

    public static double Megabytes(long bytes) => bytes / (1024.0 * 1024.0);
}
