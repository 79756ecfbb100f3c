using System.Globalization;

namespace Harness.Scenarios.Soak;

/// <summary>
/// The resident memory of an app the harness started, from <c>/proc/&lt;pid&gt;/status</c> (VmRSS), with the processes of
/// its process group added (a launcher such as <c>dotnet run</c> or <c>npm start</c> leads the group, the app is its child).
/// </summary>
internal static class ProcessMemory
{
    /// <summary>Why the memory of <paramref name="processId"/> cannot be sampled here, or null when it can.</summary>
    public static string? Unavailable(int? processId) => processId switch
    {
        null => "the app's memory is sampled only when the harness started it as a process (in-process and URL targets have no process of their own)",
        { } pid when !File.Exists($"/proc/{pid}/status") => "the app's memory is read from /proc, which this system does not have (Linux only)",
        _ => null,
    };

    /// <summary>The group's resident memory in MB, or null when the process is gone.</summary>
    public static double? ResidentMegabytes(int processId)
    {
        if (Kilobytes(processId) is not { } leader)
        {
            return null;
        }

        var total = leader;
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && pid != processId && GroupOf(pid) == processId && Kilobytes(pid) is { } child)
            {
                total += child;
            }
        }

        return total / 1024.0;
    }

    private static long? Kilobytes(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal)
                    && long.TryParse(line["VmRSS:".Length..].Trim().Split(' ')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var kb))
                {
                    return kb;
                }
            }

            return 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The process group of <paramref name="pid"/> (field 5 of /proc/pid/stat, after the parenthesised name), or null.</summary>
    private static int? GroupOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields.Length > 2 && int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var group) ? group : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
