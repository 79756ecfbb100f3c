using System.Runtime.InteropServices;

namespace Harness.Processes;

/// <summary>POSIX signals to a process or a whole process group (<c>kill(2)</c>); .NET itself only sends SIGKILL to one process.</summary>
internal static partial class Signals
{
    public const int Terminate = 15;
    public const int Kill = 9;

    /// <summary>Sends <paramref name="signal"/> to every process of group <paramref name="group"/>; false when there is none (or on Windows).</summary>
    public static bool ToGroup(int group, int signal) => group > 1 && Send(-group, signal);

    /// <summary>Sends <paramref name="signal"/> to process <paramref name="pid"/>; false when there is none (or on Windows).</summary>
    public static bool ToProcess(int pid, int signal) => pid > 1 && Send(pid, signal);

    private static bool Send(int target, int signal) => !OperatingSystem.IsWindows() && NativeKill(target, signal) == 0;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int NativeKill(int pid, int signal);
}
