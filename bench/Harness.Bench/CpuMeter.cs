using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Harness.Bench;

/// <summary>CPU time (user + system) spent by the harness's own process, the app's process and all PostgreSQL processes.</summary>
internal sealed record CpuUse(TimeSpan Harness, TimeSpan App, TimeSpan Postgres)
{
    public static CpuUse operator -(CpuUse after, CpuUse before) =>
        new(after.Harness - before.Harness, after.App - before.App, after.Postgres - before.Postgres);

    /// <summary>
    /// The shortest the run could have been on <paramref name="cores"/> cores if the harness had cost nothing: the app's and
    /// PostgreSQL's CPU time spread perfectly over every core.
    /// </summary>
    public TimeSpan FloorWithoutHarness(int cores) => (App + Postgres) / cores;
}

/// <summary>
/// Reads CPU time from <c>/proc</c> (Linux only; elsewhere every figure is zero). PostgreSQL is every process named
/// <c>postgres</c>: on a benchmark machine those are the clusters the benchmark started.
/// </summary>
internal static partial class CpuMeter
{
    /// <summary>USER_HZ, the unit of <c>/proc/&lt;pid&gt;/stat</c>'s times: 100 on every mainstream Linux.</summary>
    private const double TicksPerSecond = 100;

    public static CpuUse Sample(int? appPid)
    {
        var harness = Process.GetCurrentProcess().TotalProcessorTime;
        if (!OperatingSystem.IsLinux())
        {
            return new CpuUse(harness, TimeSpan.Zero, TimeSpan.Zero);
        }

        var app = appPid is { } pid ? ProcessTime(pid) : TimeSpan.Zero;
        var postgres = TimeSpan.Zero;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && Name(id) == "postgres")
            {
                postgres += ProcessTime(id);
            }
        }

        return new CpuUse(harness, app, postgres);
    }

    /// <summary>The app's pid in a progress line such as "... against pid 1234 at http://...", or null (in-process).</summary>
    public static int? AppPidIn(string progressLine) =>
        AgainstPid().Match(progressLine) is { Success: true } match ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;

    private static string? Name(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").TrimEnd('\n');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // the process ended meanwhile
        }
    }

    private static TimeSpan ProcessTime(int pid)
    {
        try
        {
            // Fields after the command name (which may hold spaces, so split after its closing parenthesis): utime and stime are the 12th and 13th.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / TicksPerSecond);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return TimeSpan.Zero;
        }
    }

    [GeneratedRegex(@"against pid (\d+) at ")]
    private static partial Regex AgainstPid();
}
