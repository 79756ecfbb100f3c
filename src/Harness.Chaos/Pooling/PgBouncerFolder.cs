using Harness.Processes;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Harness.Chaos.Pooling;

/// <summary>
/// PgBouncer's private folder (ini, auth file, log, pid file) under the temp root: <c>harness-pgbouncer-*</c>, readable
/// only by the user PgBouncer runs as, with an owner file naming the harness process. A folder whose harness died without
/// deleting it (its PgBouncer is stopped by <see cref="OrphanChildReaper"/>) is deleted by the next start.
/// </summary>
internal static class PgBouncerFolder
{
    public const string Prefix = "harness-pgbouncer-";
    private const string OwnerFileName = "harness-owner";

    /// <summary>Creates the folder with the files <paramref name="files"/> gives for its path (name to content), all given to
    /// <paramref name="osUser"/> (null: the current user keeps them).</summary>
    public static string Create(Func<string, IReadOnlyDictionary<string, string>> files, string? osUser)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PgBouncerException("The harness runs PgBouncer on Linux and macOS only; run the chaos scenarios without PgBouncer here.");
        }

        var root = Path.GetTempPath();
        ReapAbandoned(root);
        var folder = Path.Combine(root, Prefix + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            File.WriteAllText(Path.Combine(folder, OwnerFileName), string.Create(CultureInfo.InvariantCulture,
                $"pid={Environment.ProcessId}\nstarted={ProcessIdentity.CurrentStartTimeUtc:O}\n"));
            foreach (var (name, content) in files(folder))
            {
                var path = Path.Combine(folder, name);
                File.WriteAllText(path, content);
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            if (osUser is not null)
            {
                GiveTo(folder, osUser);
            }

            return folder;
        }
        catch
        {
            Delete(folder);
            throw;
        }
    }

    /// <summary>Deletes the folder; never throws (one left behind goes with a later start's sweep).</summary>
    public static void Delete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for a later sweep.
        }
    }

    /// <summary>Deletes the folders of harness processes that no longer run; returns them.</summary>
    public static IReadOnlyList<string> ReapAbandoned(string root)
    {
        // The registry's reaper runs first, so a dead harness's PgBouncer is stopped before its folder goes.
        _ = ChildRegistry.Default.Folder;
        var reaped = new List<string>();
        if (!Directory.Exists(root))
        {
            return reaped;
        }

        foreach (var folder in Directory.EnumerateDirectories(root, Prefix + "*"))
        {
            try
            {
                var owner = Path.Combine(folder, OwnerFileName);
                var abandoned = File.Exists(owner)
                    ? OwnerIsGone(File.ReadAllLines(owner))
                    : DateTime.UtcNow - Directory.GetLastWriteTimeUtc(folder) > TimeSpan.FromHours(1);
                if (abandoned)
                {
                    Directory.Delete(folder, recursive: true);
                    reaped.Add(folder);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another harness is sweeping it too, or it is not ours to delete.
            }
        }

        return reaped;
    }

    private static bool OwnerIsGone(IEnumerable<string> lines)
    {
        int? pid = null;
        DateTime? started = null;
        foreach (var line in lines)
        {
            if (line.StartsWith("pid=", StringComparison.Ordinal) && int.TryParse(line.AsSpan(4), NumberStyles.Integer, CultureInfo.InvariantCulture, out var p))
            {
                pid = p;
            }
            else if (line.StartsWith("started=", StringComparison.Ordinal)
                && DateTime.TryParse(line.AsSpan(8), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var s))
            {
                started = s.ToUniversalTime();
            }
        }

        return pid is { } owner && !ProcessIdentity.IsAlive(owner, started);
    }

    private static void GiveTo(string folder, string osUser)
    {
        var (uid, gid) = IdsOf(osUser);
        foreach (var path in Directory.EnumerateFiles(folder).Prepend(folder))
        {
            if (NativeChown(path, uid, gid) != 0)
            {
                throw new PgBouncerException(string.Create(CultureInfo.InvariantCulture,
                    $"Could not give {path} to OS user '{osUser}' for PgBouncer (errno {Marshal.GetLastPInvokeError()}); run the harness as a non-root user or check the temp folder."));
            }
        }
    }

    /// <summary>The user's uid and gid from /etc/passwd.</summary>
    internal static (uint Uid, uint Gid) IdsOf(string osUser)
    {
        const string passwd = "/etc/passwd";
        var fields = File.Exists(passwd)
            ? File.ReadLines(passwd).Select(line => line.Split(':')).FirstOrDefault(f => f.Length > 3 && f[0] == osUser)
            : null;
        if (fields is null
            || !uint.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var uid)
            || !uint.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var gid))
        {
            throw new PgBouncerException(
                $"The harness runs as root and PgBouncer refuses to, but OS user '{osUser}' (which it would run as) does not exist. " +
                "Install the PostgreSQL server package (it creates 'postgres'), create the user, or run the harness as a non-root user.");
        }

        return (uid, gid);
    }

    [DllImport("libc", EntryPoint = "chown", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int NativeChown([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint owner, uint group);
}
