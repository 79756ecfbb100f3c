using System.Globalization;

namespace Harness.Processes;

/// <summary>
/// Stops the children of harness processes that died without stopping them (SIGKILL, a crash): for every
/// <c>harness-children-*</c> folder under a temp root whose owner no longer runs, kills each recorded process group whose
/// leader is still the recorded process (or gone), then deletes the folder with the children's private temp folders.
/// A folder whose owner still runs is never touched.
/// </summary>
public static class OrphanChildReaper
{
    /// <summary>Reaps under <paramref name="root"/> and returns the folders removed; never fails for one it could not remove.</summary>
    public static IReadOnlyList<string> Reap(string root)
    {
        var reaped = new List<string>();
        if (!Directory.Exists(root))
        {
            return reaped;
        }

        foreach (var folder in Directory.EnumerateDirectories(root, ChildRegistry.FolderPrefix + "*"))
        {
            try
            {
                if (!IsOrphan(folder))
                {
                    continue;
                }

                foreach (var file in Directory.EnumerateFiles(folder, "*" + ChildRecord.Extension))
                {
                    ChildRecord.TryParse(File.ReadAllText(file))?.KillIfOurs();
                }

                Directory.Delete(folder, recursive: true);
                reaped.Add(folder);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another harness may be reaping it too, or it is not ours to delete; leave it.
            }
        }

        return reaped;
    }

    private static bool IsOrphan(string folder)
    {
        var ownerFile = Path.Combine(folder, ChildRegistry.OwnerFileName);
        if (!File.Exists(ownerFile))
        {
            // Being created right now, or a crash between mkdir and the write: only a folder untouched for an hour is abandoned.
            return DateTime.UtcNow - Directory.GetLastWriteTimeUtc(folder) > TimeSpan.FromHours(1);
        }

        int? pid = null;
        DateTime? started = null;
        foreach (var line in File.ReadAllLines(ownerFile))
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
}
