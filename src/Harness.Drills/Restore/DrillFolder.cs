using System.Globalization;
using Harness.Processes;
using Harness.Provisioning;

namespace Harness.Drills.Restore;

/// <summary>
/// The drill's own folder beside its cluster: the WAL archive, the base backup, and the restored copy's data directory. It is
/// named and owned like a local cluster's folder (<c>harness-pg-*</c> with an owner file), so a later harness reaps it, the
/// restored server included, when this process dies before removing it.
/// </summary>
internal sealed class DrillFolder : IAsyncDisposable
{
    private readonly LocalPostgresBinaries binaries;

    private DrillFolder(LocalPostgresBinaries binaries, string path)
    {
        this.binaries = binaries;
        Path = path;
    }

    public string Path { get; }

    /// <summary>Where the primary's <c>archive_command</c> copies each finished WAL segment.</summary>
    public string Archive => System.IO.Path.Combine(Path, "archive");

    /// <summary>The plain-format base backup (with its backup_manifest).</summary>
    public string BaseBackup => System.IO.Path.Combine(Path, "base");

    /// <summary>The restored copy's data directory (named as a cluster's, so the orphan reaper stops its server).</summary>
    public string RestoredData => LocalCluster.DataDirectoryOf(Path);

    /// <summary>The restored server's log.</summary>
    public string RestoredLog => System.IO.Path.Combine(Path, "restored.log");

    public LocalPostgresBinaries Binaries => binaries;

    /// <summary>Creates the folder and its archive, owned by the OS user the server tools run as.</summary>
    public static async Task<DrillFolder> CreateAsync(LocalClusterOptions options, CancellationToken cancellationToken)
    {
        var binaries = LocalPostgresBinaries.Find(options);
        var root = options.ResolvedTempRoot;
        Directory.CreateDirectory(root);
        var path = System.IO.Path.Combine(root, LocalClusterProvider.FolderPrefix + "drill-" + Guid.NewGuid().ToString("N")[..12]);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var owner = System.IO.Path.Combine(path, LocalCluster.OwnerFileName);
        await File.WriteAllTextAsync(owner + ".tmp", LocalClusterProvider.OwnerFileContent(Environment.ProcessId, ProcessIdentity.CurrentStartTimeUtc), cancellationToken);
        File.Move(owner + ".tmp", owner);
        var folder = new DrillFolder(binaries, path);
        Directory.CreateDirectory(folder.Archive);
        await binaries.ChownAsync(path, cancellationToken);
        await binaries.ChownAsync(folder.Archive, cancellationToken);
        return folder;
    }

    /// <summary>The primary's <c>archive_command</c>: never overwrites a segment already archived.</summary>
    public string ArchiveCommand => string.Create(CultureInfo.InvariantCulture, $"test ! -f {ShellPath(Archive)}/%f && cp %p {ShellPath(Archive)}/%f");

    /// <summary>Whether WAL segment <paramref name="segment"/> is archived: in the drill's archive, or in pgBackRest's repository under it (named segment-checksum).</summary>
    public bool IsArchived(string segment) =>
        File.Exists(System.IO.Path.Combine(Archive, segment))
        || (Directory.Exists(PgBackRestArchive)
            && Directory.EnumerateFiles(PgBackRestArchive, segment + "-*", SearchOption.AllDirectories).Any());

    /// <summary>Where pgBackRest keeps archived WAL (its repository is in this folder).</summary>
    public string PgBackRestArchive => System.IO.Path.Combine(Path, "pgbackrest-repo", "archive");

    /// <summary>The restored copy's <c>restore_command</c>.</summary>
    public string RestoreCommand => $"cp {ShellPath(Archive)}/%f %p";

    /// <summary>Writes a password file only the tools' OS user may read, for the tools that connect to the primary.</summary>
    public async Task<string> WritePassFileAsync(int port, string password, CancellationToken cancellationToken)
    {
        var file = System.IO.Path.Combine(Path, "pgpass");
        var escaped = password.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(":", "\\:", StringComparison.Ordinal);
        await File.WriteAllTextAsync(file, string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{port}:*:postgres:{escaped}\n"), cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        await binaries.ChownAsync(file, cancellationToken);
        return file;
    }

    /// <summary>Runs a PostgreSQL tool of the cluster's bin folder (as the OS user the server runs as).</summary>
    public Task<LocalProcessResult> RunToolAsync(string tool, IEnumerable<string> arguments, CancellationToken cancellationToken) =>
        binaries.RunAsync(System.IO.Path.Combine(binaries.BinDirectory, tool), arguments, Path, cancellationToken);

    /// <summary>Runs any program as the OS user the server runs as (a copy that keeps the data directory theirs).</summary>
    public Task<LocalProcessResult> RunAsServerUserAsync(string program, IEnumerable<string> arguments, CancellationToken cancellationToken) =>
        binaries.RunAsync(program, arguments, Path, cancellationToken);

    /// <summary>Stops the restored server if it runs and deletes the folder.</summary>
    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await LocalCluster.StopAndDeleteAsync(binaries, Path, timeout.Token);
    }

    private static string ShellPath(string path) => "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
