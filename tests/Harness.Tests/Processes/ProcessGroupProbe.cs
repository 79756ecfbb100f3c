using System.Globalization;

namespace Harness.Tests.Processes;

/// <summary>Reads /proc, independently of the code under test: whether a process is gone, its process group, bounded polls.</summary>
internal static class ProcessGroupProbe
{
    /// <summary>True when <paramref name="pid"/> no longer runs (no such process, or a zombie waiting to be reaped).</summary>
    public static bool IsGone(int pid)
    {
        var stat = ReadStat(pid);
        return stat is null || StatField(stat, 3) == "Z";
    }

    /// <summary>The process group of <paramref name="pid"/>, or null when it is gone.</summary>
    public static int? GroupOf(int pid) =>
        ReadStat(pid) is { } stat ? int.Parse(StatField(stat, 5), CultureInfo.InvariantCulture) : null;

    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="limit"/> passes; the last answer.</summary>
    public static async Task<bool> EventuallyAsync(Func<bool> condition, TimeSpan limit, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(20, cancellationToken);
        }

        return true;
    }

    private static string? ReadStat(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
    }

    // Fields after the command name, which is in parentheses and may hold spaces: 3 is the state, 5 the process group.
    private static string StatField(string stat, int field) =>
        stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[field - 3];
}
