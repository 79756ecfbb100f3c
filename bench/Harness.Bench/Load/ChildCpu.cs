using System.Globalization;

namespace Harness.Bench.Load;

/// <summary>
/// CPU time of this process's children that have exited and been waited for (cutime + cstime of /proc/self/stat): read
/// before and after a wrk run, the difference is wrk's own CPU. Zero off Linux.
/// </summary>
internal static class ChildCpu
{
    private const double TicksPerSecond = 100;

    public static TimeSpan Read()
    {
        try
        {
            var stat = File.ReadAllText("/proc/self/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / TicksPerSecond);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return TimeSpan.Zero;
        }
    }
}
