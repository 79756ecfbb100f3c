using System.Globalization;

namespace Harness.Processes;

/// <summary>
/// The folder where one harness process writes down the children it starts in their own process group (a
/// <see cref="ChildRecord"/> each) and keeps their private temp folders: <c>harness-children-&lt;pid&gt;-*</c> under a temp
/// root, with an owner file naming the harness process. When that process is SIGKILLed, the next harness to start a child
/// (or a local cluster) finds the folder's owner dead, stops the recorded groups and deletes the folder
/// (<see cref="OrphanChildReaper"/>).
/// </summary>
public sealed class ChildRegistry
{
    /// <summary>The prefix of every registry folder; the reaper only looks at these.</summary>
    public const string FolderPrefix = "harness-children-";

    /// <summary>The file in the folder naming the harness process that owns it.</summary>
    public const string OwnerFileName = "harness-owner";

    private static readonly Lazy<ChildRegistry> DefaultRegistry = new(() => new ChildRegistry(Path.GetTempPath()));
    private readonly Lock gate = new();
    private string? folder;

    /// <param name="root">The temp root the folder is created under (and where dead owners' folders are reaped).</param>
    public ChildRegistry(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Root = Path.GetFullPath(root);
    }

    /// <summary>The registry of this process under the system temp folder.</summary>
    public static ChildRegistry Default => DefaultRegistry.Value;

    public string Root { get; }

    /// <summary>This process's folder, created on first use (reaping dead owners' folders under <see cref="Root"/> first).</summary>
    public string Folder
    {
        get
        {
            lock (gate)
            {
                return folder ??= Create();
            }
        }
    }

    /// <summary>A new, empty, owner-only folder for one child's <c>TMPDIR</c>.</summary>
    internal string CreatePrivateTemp()
    {
        var path = Path.Combine(Folder, "tmp-" + Guid.NewGuid().ToString("N")[..12]);
        CreateOwnerOnly(path);
        return path;
    }

    internal void Record(ChildRecord record) =>
        WriteWhole(Path.Combine(Folder, record.Pid.ToString(CultureInfo.InvariantCulture) + ChildRecord.Extension), record.Content());

    /// <summary>Forgets a child that has been stopped, and deletes its private temp folder.</summary>
    internal void Forget(ChildRecord record)
    {
        TryDelete(() => File.Delete(Path.Combine(Folder, record.Pid.ToString(CultureInfo.InvariantCulture) + ChildRecord.Extension)));
        if (record.TempFolder is { } temp)
        {
            TryDelete(() => Directory.Delete(temp, recursive: true));
        }
    }

    internal static string OwnerFileContent(int pid, DateTime startedUtc) =>
        string.Create(CultureInfo.InvariantCulture, $"pid={pid}\nstarted={startedUtc:O}\n");

    private string Create()
    {
        Directory.CreateDirectory(Root);
        OrphanChildReaper.Reap(Root);
        var path = Path.Combine(Root, string.Create(CultureInfo.InvariantCulture, $"{FolderPrefix}{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}"));
        CreateOwnerOnly(path);
        WriteWhole(Path.Combine(path, OwnerFileName), OwnerFileContent(Environment.ProcessId, ProcessIdentity.CurrentStartTimeUtc));
        AppDomain.CurrentDomain.ProcessExit += (_, _) => RemoveIfEmpty(path);
        return path;
    }

    /// <summary>At a normal exit every child has been forgotten: the folder holds only its owner file and goes.</summary>
    private static void RemoveIfEmpty(string path) =>
        TryDelete(() =>
        {
            if (!Directory.EnumerateFileSystemEntries(path).Any(e => Path.GetFileName(e) != OwnerFileName))
            {
                Directory.Delete(path, recursive: true);
            }
        });

    private static void CreateOwnerOnly(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>Written under a temporary name, then renamed: a reaper never reads half a file.</summary>
    private static void WriteWhole(string path, string content)
    {
        File.WriteAllText(path + ".tmp", content);
        File.Move(path + ".tmp", path, overwrite: true);
    }

    private static void TryDelete(Action delete)
    {
        try
        {
            delete();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the reaper of a later run.
        }
    }
}
