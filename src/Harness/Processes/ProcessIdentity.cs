using System.ComponentModel;
using System.Diagnostics;

namespace Harness.Processes;

/// <summary>
/// Whether a process id still names the process the harness recorded: a pid alone is not enough, the system reuses
/// them, so a record carries the process's start time too and a process that started at another time is another one.
/// </summary>
public static class ProcessIdentity
{
    /// <summary>How far two readings of one process's start time may differ (the system derives it from boot time and ticks).</summary>
    public static readonly TimeSpan StartTimeTolerance = TimeSpan.FromSeconds(2);

    private static readonly Lazy<DateTime> OwnStart = new(() =>
    {
        using var self = Process.GetCurrentProcess();
        return self.StartTime.ToUniversalTime();
    });

    /// <summary>When this harness process started (UTC).</summary>
    public static DateTime CurrentStartTimeUtc => OwnStart.Value;

    /// <summary>When the process <paramref name="pid"/> started (UTC), or null when there is no such process.</summary>
    /// <remarks>A process that exists but cannot be inspected gives <see cref="DateTime.MinValue"/>: it is there, its age unknown.</remarks>
    public static DateTime? StartTimeUtc(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited ? null : process.StartTime.ToUniversalTime();
        }
        catch (ArgumentException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
        catch (Win32Exception)
        {
            return DateTime.MinValue;
        }
    }

    /// <summary>
    /// True when a process with this id runs and (when given) started at <paramref name="startedAtUtc"/>. A process that
    /// exists but cannot be inspected counts as alive: nothing that might be in use is ever taken for dead.
    /// </summary>
    public static bool IsAlive(int pid, DateTime? startedAtUtc)
    {
        var started = StartTimeUtc(pid);
        if (started is null)
        {
            return false;
        }

        return startedAtUtc is null || IsStartOf(started.Value, startedAtUtc.Value);
    }

    /// <summary>
    /// Whether a process read as started at <paramref name="startedUtc"/> (<see cref="DateTime.MinValue"/>: it cannot be
    /// inspected) is the one recorded as started at <paramref name="recordedUtc"/>: one that cannot be inspected is taken
    /// to be it, so nothing that might be in use is ever taken for another.
    /// </summary>
    public static bool IsStartOf(DateTime startedUtc, DateTime recordedUtc) =>
        startedUtc == DateTime.MinValue || (startedUtc - recordedUtc).Duration() < StartTimeTolerance;

    /// <summary>
    /// True when a process with this id runs and started no later than <paramref name="latestStartUtc"/> (a record that
    /// names only when the process was already running: a process that started after it reuses the id).
    /// </summary>
    public static bool IsAliveSince(int pid, DateTime latestStartUtc)
    {
        var started = StartTimeUtc(pid);
        return started is not null && (started == DateTime.MinValue || started.Value <= latestStartUtc + StartTimeTolerance);
    }
}
