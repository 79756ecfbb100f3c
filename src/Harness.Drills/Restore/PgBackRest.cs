using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Harness.Findings;
using Harness.Provisioning;
using Harness.Running;

namespace Harness.Drills.Restore;

/// <summary>
/// The drill's backups through pgBackRest instead of <c>pg_basebackup</c>: a <c>pgbackrest.conf</c> of its own in the drill's
/// folder (repository, logs and locks there too, stanza <see cref="Stanza"/>), WAL archived by <c>archive-push</c>, a full
/// backup checked by <c>verify</c>, and a restore into the copy's data directory that refuses pgBackRest's trap (a time target
/// the chosen backup does not contain restores the latest backup without a word).
/// </summary>
internal sealed class PgBackRest
{
    public const string Stanza = "harness";

    /// <summary>What a machine without pgBackRest is told.</summary>
    public const string InstallHint =
        "pgBackRest is not installed: apt-get install pgbackrest (Debian/Ubuntu), or run scripts/ensure-prerequisites.sh as root with HARNESS_INSTALL_PGBACKREST=1";

    private readonly DrillFolder folder;

    private PgBackRest(DrillFolder folder, string binary)
    {
        this.folder = folder;
        Binary = binary;
    }

    public string Binary { get; }

    public string ConfigFile => Path.Combine(folder.Path, "pgbackrest.conf");

    public string Repository => Path.GetDirectoryName(folder.PgBackRestArchive)!;

    private string LogFolder => Path.Combine(folder.Path, "pgbackrest-log");

    private string LockFolder => Path.Combine(folder.Path, "pgbackrest-lock");

    private string PassFile => Path.Combine(folder.Path, "pgpass-pgbackrest");

    /// <summary>The <c>pgbackrest</c> binary on PATH (or /usr/bin), or null.</summary>
    public static string? FindBinary() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/bin").Select(d => Path.Combine(d, "pgbackrest")).FirstOrDefault(File.Exists);

    /// <summary>The adapter for <paramref name="folder"/>; a <see cref="RestoreDrillException"/> with the install hint when pgBackRest is missing.</summary>
    public static PgBackRest For(DrillFolder folder) =>
        new(folder, FindBinary() ?? throw new RestoreDrillException(InstallHint));

    /// <summary>The primary's <c>archive_command</c> (set before the cluster starts; the configuration it names is written once it runs).</summary>
    public string ArchiveCommand => $"{Quote(Binary)} --config={Quote(ConfigFile)} --stanza={Stanza} archive-push %p";

    /// <summary>
    /// Writes the configuration for the started primary and creates the stanza; the segments the primary could not archive
    /// before (no configuration yet) are pushed by its archiver's next attempt.
    /// </summary>
    public async Task CreateStanzaAsync(LocalCluster cluster, CancellationToken cancellationToken)
    {
        if (!File.Exists(Path.Combine(cluster.DataDirectory, ".s.PGSQL." + cluster.Port.ToString(CultureInfo.InvariantCulture))))
        {
            throw new RestoreDrillException(
                $"The drill's cluster listens on TCP only (its data directory {cluster.DataDirectory} is too deep for a unix socket), and pgBackRest connects through a socket: use a shorter --temp-root or TMPDIR.");
        }

        foreach (var directory in new[] { Repository, LogFolder, LockFolder })
        {
            CreatePrivateDirectory(directory);
            await folder.Binaries.ChownAsync(directory, cancellationToken);
        }

        var config = new StringBuilder()
            .Append("[global]\n")
            .Append(CultureInfo.InvariantCulture, $"repo1-path={Repository}\n")
            .Append("repo1-retention-full=1\n")
            .Append(CultureInfo.InvariantCulture, $"log-path={LogFolder}\n")
            .Append(CultureInfo.InvariantCulture, $"lock-path={LockFolder}\n")
            .Append("log-level-console=warn\nlog-level-file=info\n")
            // A drill on one machine: compression costs more time than the disk it saves.
            .Append("compress-type=none\nstart-fast=y\narchive-check=y\n")
            .Append(CultureInfo.InvariantCulture, $"\n[{Stanza}]\n")
            .Append(CultureInfo.InvariantCulture, $"pg1-path={cluster.DataDirectory}\n")
            .Append(CultureInfo.InvariantCulture, $"pg1-port={cluster.Port}\n")
            .Append(CultureInfo.InvariantCulture, $"pg1-socket-path={cluster.DataDirectory}\n")
            .Append("pg1-user=postgres\n");
        await File.WriteAllTextAsync(ConfigFile, config.ToString(), cancellationToken);
        await folder.Binaries.ChownAsync(ConfigFile, cancellationToken);

        // libpq's password file for the socket connection (host '*': a socket directory is matched as its path).
        var escaped = cluster.Password.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(":", "\\:", StringComparison.Ordinal);
        await File.WriteAllTextAsync(PassFile, string.Create(CultureInfo.InvariantCulture, $"*:{cluster.Port}:*:postgres:{escaped}\n"), cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(PassFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        await folder.Binaries.ChownAsync(PassFile, cancellationToken);
        await RunOrThrowAsync(["stanza-create"], "stanza-create could not create the drill's stanza", cancellationToken);
    }

    /// <summary><c>check</c>: the configuration is right and the archive works (it switches WAL and waits for the segment).</summary>
    public Task CheckAsync(CancellationToken cancellationToken) =>
        RunOrThrowAsync(["check"], "check failed: the drill's cluster does not archive into pgBackRest's repository", cancellationToken);

    /// <summary><c>backup --type=full</c> (it waits until the WAL the backup needs is archived).</summary>
    public Task BackupAsync(CancellationToken cancellationToken) =>
        RunOrThrowAsync(["backup", "--type=full"], "backup --type=full failed: the drill's cluster could not be backed up", cancellationToken);

    /// <summary><c>verify</c> on the repository: RST001 with its output when a backup file or archived segment is missing or changed.</summary>
    public async Task<CheckResult> VerifyAsync(CancellationToken cancellationToken)
    {
        var result = await RunAsync(["verify"], cancellationToken);
        return BaseBackup.Verdict(result, "pgBackRest repository", "pgbackrest verify rejected the repository", "backup (pgbackrest verify)");
    }

    /// <summary>The newest backup's label and the time it ended (<c>info --output=json</c>, whole seconds).</summary>
    public async Task<(string Label, DateTimeOffset Stop)> LatestBackupAsync(CancellationToken cancellationToken)
    {
        var result = await RunAsync(["info", "--output=json"], cancellationToken);
        if (!result.Succeeded)
        {
            throw new RestoreDrillException($"pgbackrest info exited with {result.ExitCode}.", LocalProcess.Tail(result.Output));
        }

        var json = result.Output[result.Output.IndexOf('[', StringComparison.Ordinal)..];
        using var document = JsonDocument.Parse(json);
        var backups = document.RootElement.EnumerateArray().Single(s => s.GetProperty("name").GetString() == Stanza).GetProperty("backup");
        var latest = backups.EnumerateArray().LastOrDefault();
        if (latest.ValueKind != JsonValueKind.Object)
        {
            throw new RestoreDrillException("pgbackrest info lists no backup of the drill's stanza.", LocalProcess.Tail(result.Output));
        }

        return (latest.GetProperty("label").GetString()!, DateTimeOffset.FromUnixTimeSeconds(latest.GetProperty("timestamp").GetProperty("stop").GetInt64()));
    }

    /// <summary>
    /// pgBackRest's trap: given a time target that the backup does not contain (before the backup ended), it restores the latest
    /// backup and recovery ends wherever that one is consistent, not at the target. The reason such a target is refused, or null.
    /// </summary>
    public static string? TimeTargetRefusal(DateTimeOffset target, string label, DateTimeOffset backupStop) =>
        target < backupStop
            ? string.Create(CultureInfo.InvariantCulture,
                $"The recovery target time {RestoreDrill.TimeText(target)} is before backup {label} ended ({RestoreDrill.TimeText(backupStop)}): no backup in the repository contains it, and pgBackRest would silently restore the latest backup instead. Take a backup before the target time, or aim at a later time.")
            : null;

    /// <summary>Restores backup <paramref name="label"/> into the copy's data directory with the recovery target, promoting at it.</summary>
    public async Task<TimeSpan> RestoreAsync(string label, RecoveryTarget target, DateTimeOffset? targetTime, CancellationToken cancellationToken)
    {
        var restoring = Stopwatch.StartNew();
        var arguments = new List<string> { "restore", $"--set={label}", $"--pg1-path={folder.RestoredData}", "--target-action=promote" };
        if (target.Lsn is { } lsn)
        {
            // As the pg_basebackup drill: stop before the first record at or past the position (recovery_target_inclusive = off).
            arguments.AddRange(["--type=lsn", $"--target={lsn}", "--target-exclusive"]);
        }
        else if (target.Time is { } time)
        {
            var (_, stop) = await LatestBackupAsync(cancellationToken);
            if (TimeTargetRefusal(targetTime ?? DateTimeOffset.MinValue, label, stop) is { } refusal)
            {
                throw new RestoreDrillException(refusal);
            }

            arguments.AddRange(["--type=time", $"--target={time}"]);
        }

        CreatePrivateDirectory(folder.RestoredData);
        await folder.Binaries.ChownAsync(folder.RestoredData, cancellationToken);
        await RunOrThrowAsync(arguments, $"restore of backup {label} into {folder.RestoredData} failed", cancellationToken);
        return restoring.Elapsed;
    }

    private async Task RunOrThrowAsync(IReadOnlyList<string> arguments, string what, CancellationToken cancellationToken)
    {
        var result = await RunAsync(arguments, cancellationToken);
        if (!result.Succeeded)
        {
            throw new RestoreDrillException(
                $"pgbackrest {what} (exit code {result.ExitCode}). Its output and {LogFolder} say why.", LocalProcess.Tail(result.Output));
        }
    }

    /// <summary>Runs pgBackRest as the server's OS user with the drill's configuration and its password file.</summary>
    private Task<LocalProcessResult> RunAsync(IEnumerable<string> arguments, CancellationToken cancellationToken) =>
        folder.RunAsServerUserAsync("env", [$"PGPASSFILE={PassFile}", Binary, $"--config={ConfigFile}", $"--stanza={Stanza}", .. arguments], cancellationToken);

    private static void CreatePrivateDirectory(string path)
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

    private static string Quote(string path) => "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
