using System.ComponentModel;

namespace Harness.Processes;

/// <summary>
/// Starts a program as the leader of a new session and process group through <c>setsid</c> (util-linux). Called by a
/// process that is not a group leader (a fresh child of the harness is not), <c>setsid</c> calls setsid(2) and execs the
/// program without forking, so the pid the harness holds is the program's own and its group id is that pid. .NET cannot
/// run code between fork and exec, and setting the group from the parent afterwards races the program's own children.
/// </summary>
internal static class SessionLauncher
{
    private static readonly Lazy<string?> Setsid = new(() =>
        OperatingSystem.IsWindows() ? null : new[] { "/usr/bin/setsid", "/bin/setsid", "/usr/local/bin/setsid" }.FirstOrDefault(File.Exists));

    /// <summary>The <c>setsid</c> program, or null where there is none (then children share the harness's group).</summary>
    public static string? Program => Setsid.Value;

    /// <summary>
    /// The program as .NET would find it (a path with a slash from the current folder; a bare name in the harness's folder,
    /// the current folder, then on PATH), so that a missing one fails as it would without <c>setsid</c> in between.
    /// </summary>
    /// <exception cref="Win32Exception">Not found, or not executable.</exception>
    public static string Resolve(string fileName, string? workingDirectory)
    {
        string? found;
        if (fileName.Contains('/', StringComparison.Ordinal))
        {
            found = Path.GetFullPath(fileName);
            found = File.Exists(found) ? found : null;
        }
        else
        {
            // The order .NET itself looks in: the harness's own folder, the current folder, then PATH.
            found = new[] { Path.GetDirectoryName(Environment.ProcessPath), Directory.GetCurrentDirectory() }
                .Concat((Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
                .Where(folder => !string.IsNullOrEmpty(folder))
                .Select(folder => Path.Combine(folder!, fileName))
                .FirstOrDefault(File.Exists);
        }

        if (found is null)
        {
            throw new Win32Exception(2, $"An error occurred trying to start process '{fileName}' with working directory '{workingDirectory ?? Directory.GetCurrentDirectory()}'. No such file or directory");
        }

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(found) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) == 0)
        {
            throw new Win32Exception(13, $"An error occurred trying to start process '{fileName}' with working directory '{workingDirectory ?? Directory.GetCurrentDirectory()}'. Permission denied");
        }

        return found;
    }
}
