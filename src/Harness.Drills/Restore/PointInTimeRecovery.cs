using System.Diagnostics;
using System.Globalization;
using System.Text;
using Harness.Processes;
using Harness.Provisioning;
using Npgsql;

namespace Harness.Drills.Restore;

/// <summary>The recovery target given to the restored copy: a WAL position or a time; neither restores to the end of the WAL.</summary>
internal sealed record RecoveryTarget(string? Lsn, string? Time)
{
    public static RecoveryTarget Latest { get; } = new(null, null);
}

/// <summary>What the point-in-time recovery took and where it stopped.</summary>
internal sealed record RecoveryOutcome(string ConnectionString, int Port, TimeSpan Copy, TimeSpan ReplayAndPromote, string? StopLine, string? LastTransactionLine);

/// <summary>
/// Point-in-time recovery into a second data directory: a copy of the base backup with <c>recovery.signal</c>, a
/// <c>restore_command</c> reading the drill's archive, the recovery target (stop before the first record past an LSN, or at
/// the first commit past a time), <c>recovery_target_action = promote</c> (the default pauses), and no archiving of its own
/// (it must never write into the primary's archive), started on a free loopback port until it is promoted.
/// </summary>
internal static class PointInTimeRecovery
{
    public static async Task<RecoveryOutcome> RunAsync(
        DrillFolder folder, LocalCluster primary, RecoveryTarget target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var copying = Stopwatch.StartNew();
        var copy = await folder.RunAsServerUserAsync("cp", ["-a", folder.BaseBackup, folder.RestoredData], cancellationToken);
        if (!copy.Succeeded)
        {
            throw new RestoreDrillException($"Could not copy the base backup into {folder.RestoredData} (cp exit code {copy.ExitCode}).", LocalProcess.Tail(copy.Output));
        }

        var settings = new StringBuilder("\n# Added by the restore drill: point-in-time recovery of a copy of the base backup.\n");
        void Set(string name, string value) =>
            settings.Append(CultureInfo.InvariantCulture, $"{name} = '{value.Replace("'", "''", StringComparison.Ordinal)}'\n");
        Set("archive_mode", "off");
        Set("unix_socket_directories", "");
        Set("restore_command", folder.RestoreCommand);
        Set("recovery_target_action", "promote");
        if (target.Lsn is { } lsn)
        {
            // Stop before the first record at or past the position read right after the target's commit: that commit is in, the
            // next transaction is not.
            Set("recovery_target_lsn", lsn);
            Set("recovery_target_inclusive", "false");
        }
        else if (target.Time is { } time)
        {
            // Matched against commit records' times: recovery stops before the first commit later than the target.
            Set("recovery_target_time", time);
        }

        await File.AppendAllTextAsync(Path.Combine(folder.RestoredData, "postgresql.auto.conf"), settings.ToString(), cancellationToken);
        var signal = Path.Combine(folder.RestoredData, "recovery.signal");
        await File.WriteAllTextAsync(signal, string.Empty, cancellationToken);
        await folder.Binaries.ChownAsync(signal, cancellationToken);
        copying.Stop();
        return await StartAndPromoteAsync(folder, primary, copying.Elapsed, timeout, cancellationToken);
    }

    /// <summary>
    /// Point-in-time recovery of a copy pgBackRest restored (with its recovery settings and <c>recovery.signal</c>): no archiving
    /// of its own and no socket, then started and promoted as <see cref="RunAsync"/> does.
    /// </summary>
    public static async Task<RecoveryOutcome> RunRestoredAsync(
        DrillFolder folder, LocalCluster primary, TimeSpan restoreTook, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await File.AppendAllTextAsync(
            Path.Combine(folder.RestoredData, "postgresql.auto.conf"),
            "\n# Added by the restore drill: the copy pgBackRest restored never archives and listens on loopback TCP only.\narchive_mode = 'off'\nunix_socket_directories = ''\n",
            cancellationToken);
        return await StartAndPromoteAsync(folder, primary, restoreTook, timeout, cancellationToken);
    }

    private static async Task<RecoveryOutcome> StartAndPromoteAsync(
        DrillFolder folder, LocalCluster primary, TimeSpan copyTook, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var replaying = Stopwatch.StartNew();
        var port = await StartAsync(folder, timeout, cancellationToken);
        var connectionString = new NpgsqlConnectionStringBuilder(LocalCluster.AdminConnectionStringFor(port, primary.Password))
        {
            Pooling = false,
        }.ConnectionString;
        await WaitForPromotionAsync(folder, connectionString, timeout, cancellationToken);
        replaying.Stop();

        var log = LocalClusterProvider.ReadLog(folder.RestoredLog, 0).Split('\n');
        return new RecoveryOutcome(
            connectionString, port, copyTook, replaying.Elapsed,
            log.Select(LogMessage).FirstOrDefault(l => l.StartsWith("recovery stopping", StringComparison.Ordinal)),
            log.Select(LogMessage).LastOrDefault(l => l.StartsWith("last completed transaction", StringComparison.Ordinal)));
    }

    private static async Task<int> StartAsync(DrillFolder folder, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Pick();
            var offset = File.Exists(folder.RestoredLog) ? new FileInfo(folder.RestoredLog).Length : 0;
            var result = await folder.RunToolAsync(
                "pg_ctl",
                ["start", "-D", folder.RestoredData, "-l", folder.RestoredLog, "-w", "-t", seconds, "-s", "-o", string.Create(CultureInfo.InvariantCulture, $"-p {port}")],
                cancellationToken);
            if (result.Succeeded)
            {
                return port;
            }

            var log = LocalClusterProvider.ReadLog(folder.RestoredLog, offset);
            if (attempt < 3 && log.Contains("could not bind", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            throw new RestoreDrillException(
                $"The restored copy did not start (pg_ctl exit code {result.ExitCode}): recovery failed. The server log says why: a target "
                + "before the end of the base backup is refused (PostgreSQL 13 and later), and a segment missing from the archive stops recovery.",
                LocalProcess.Tail((result.Output + log).Trim()));
        }
    }

    private static async Task WaitForPromotionAsync(DrillFolder folder, string connectionString, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(cancellationToken);
                await using var command = new NpgsqlCommand("SELECT pg_is_in_recovery()", connection);
                if (!(bool)(await command.ExecuteScalarAsync(cancellationToken))!)
                {
                    return;
                }
            }
            catch (NpgsqlException) when (waited.Elapsed < timeout)
            {
                // Still starting (the startup process replays before it accepts connections).
            }

            if (waited.Elapsed >= timeout)
            {
                throw new RestoreDrillException(
                    $"The restored copy was still in recovery after {timeout.TotalSeconds:0} s: it did not reach its target or was not promoted.",
                    LocalProcess.Tail(LocalClusterProvider.ReadLog(folder.RestoredLog, 0)));
            }

            await Task.Delay(25, cancellationToken);
        }
    }

    /// <summary>The message of a server log line (after "LOG:  "), or the line itself.</summary>
    private static string LogMessage(string line)
    {
        var at = line.IndexOf("LOG:  ", StringComparison.Ordinal);
        return at < 0 ? line.Trim() : line[(at + 6)..].Trim();
    }
}
