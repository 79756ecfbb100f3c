using System.Globalization;
using Harness.Findings;
using Harness.Provisioning;
using Harness.Running;
using Npgsql;

namespace Harness.Drills.Restore;

/// <summary>The base backup of the drill's primary (<c>pg_basebackup</c>, plain format, WAL streamed, with a manifest) and its file gate (<c>pg_verifybackup</c>).</summary>
internal static class BaseBackup
{
    /// <summary>Takes the backup into <see cref="DrillFolder.BaseBackup"/>; a failure of the tool is a <see cref="RestoreDrillException"/>.</summary>
    public static async Task TakeAsync(DrillFolder folder, LocalCluster cluster, CancellationToken cancellationToken)
    {
        await AllowReplicationAsync(cluster, cancellationToken);
        var passFile = await folder.WritePassFileAsync(cluster.Port, cluster.Password, cancellationToken);
        var connection = string.Create(CultureInfo.InvariantCulture, $"host=127.0.0.1 port={cluster.Port} user=postgres dbname=postgres passfile={passFile}");
        var result = await folder.RunToolAsync(
            "pg_basebackup",
            ["-d", connection, "-D", folder.BaseBackup, "-Fp", "-X", "stream", "-c", "fast", "--manifest-checksums=CRC32C", "--no-sync"],
            cancellationToken);
        if (!result.Succeeded)
        {
            throw new RestoreDrillException(
                $"pg_basebackup exited with {result.ExitCode}: the drill's cluster could not be backed up. Its output says why (disk space, "
                + "max_wal_senders, permissions on the temp folder).",
                LocalProcess.Tail(result.Output));
        }
    }

    /// <summary>
    /// The cluster admits only database connections; a base backup is a replication connection, allowed here for the superuser
    /// over loopback with the same password (the copy takes this file along, which is harmless: it is the drill's own).
    /// </summary>
    private static async Task AllowReplicationAsync(LocalCluster cluster, CancellationToken cancellationToken)
    {
        await File.AppendAllTextAsync(
            Path.Combine(cluster.DataDirectory, "pg_hba.conf"), "host replication postgres 127.0.0.1/32 scram-sha-256\n", cancellationToken);
        await using var connection = new NpgsqlConnection(cluster.AdminConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var reload = new NpgsqlCommand("SELECT pg_reload_conf()", connection);
        await reload.ExecuteScalarAsync(cancellationToken);
    }

    /// <summary><c>pg_verifybackup</c> on the backup: RST001 with its output when a file or the WAL it needs is missing or changed.</summary>
    public static async Task<CheckResult> VerifyAsync(DrillFolder folder, CancellationToken cancellationToken)
    {
        var result = await folder.RunToolAsync("pg_verifybackup", [folder.BaseBackup], cancellationToken);
        return Verdict(result, "base backup", "pg_verifybackup rejected the base backup", "base backup (pg_verifybackup)");
    }

    /// <summary>RST001 from a backup tool's verification: passed when it exited 0, else a finding with the end of its output.</summary>
    internal static CheckResult Verdict(LocalProcessResult result, string subject, string rejected, string check)
    {
        IReadOnlyList<Finding> findings = result.Succeeded
            ? []
            :
            [
                new Finding(
                    DrillRules.BackupInvalid, Verify.RestoreVerifier.ScenarioId, subject,
                    $"{rejected} (exit code {result.ExitCode})",
                    LocalProcess.Tail(result.Output, 20)),
            ];
        return new CheckResult(DrillRules.BackupInvalid, check, findings);
    }
}
