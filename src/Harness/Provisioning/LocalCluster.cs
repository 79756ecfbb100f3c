using System.Runtime.InteropServices;
using Npgsql;

namespace Harness.Provisioning;

/// <summary>
/// An ephemeral PostgreSQL cluster started by <see cref="LocalClusterProvider"/> in its own <c>harness-pg-*</c> folder.
/// Disposing it (or the process exiting, or SIGINT/SIGTERM) stops the server immediately and deletes the folder.
/// </summary>
public sealed class LocalCluster : IPostgresServer, IRestartableServer
{
    /// <summary>The file in the cluster folder that names the harness process owning it (see <see cref="LocalClusterProvider.ReapOrphansAsync"/>).</summary>
    public const string OwnerFileName = "harness-owner";

    private readonly LocalPostgresBinaries binaries;
    private readonly SemaphoreSlim cleanupGate = new(1, 1);
    private readonly List<PosixSignalRegistration> signalRegistrations = [];
    private bool cleanedUp;
    private bool disposed;

    internal LocalCluster(LocalPostgresBinaries binaries, string clusterDirectory, string password, bool removeOnTerminationSignal = true)
    {
        this.binaries = binaries;
        ClusterDirectory = clusterDirectory;
        Password = password;
        RegisterExitCleanup(removeOnTerminationSignal);
    }

    public string ProviderName => "local";

    public string AdminConnectionString { get; private set; } = string.Empty;

    public bool IsHarnessOwned => true;

    public string Description { get; private set; } = string.Empty;

    /// <summary>The <c>harness-pg-*</c> folder holding the data directory, the server log and the owner file.</summary>
    public string ClusterDirectory { get; }

    /// <summary>The superuser's random password, in every connection string the cluster hands out.</summary>
    internal string Password { get; }

    /// <summary>The server tools this cluster was started with, and the OS user they run as (a restore drill starts a second server with them).</summary>
    internal LocalPostgresBinaries Binaries => binaries;

    /// <summary>PGDATA of the cluster (also its unix socket directory, 0700).</summary>
    public string DataDirectory => DataDirectoryOf(ClusterDirectory);

    /// <summary>The server log.</summary>
    public string LogFile => Path.Combine(ClusterDirectory, "server.log");

    /// <summary>The loopback TCP port the server listens on.</summary>
    public int Port { get; private set; }

    /// <summary>The server's version, e.g. "15.18".</summary>
    public string ServerVersion { get; private set; } = string.Empty;

    internal static string DataDirectoryOf(string clusterDirectory) => Path.Combine(clusterDirectory, "data");

    internal void MarkReady(int port, string serverVersion)
    {
        Port = port;
        ServerVersion = serverVersion;
        AdminConnectionString = AdminConnectionStringFor(port, Password);
        Description = $"local cluster on 127.0.0.1:{port} (PostgreSQL {serverVersion})";
    }

    internal static string AdminConnectionStringFor(int port, string password) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = "postgres",
            Password = password,
            Database = "postgres",
        }.ConnectionString;

    /// <summary>
    /// <c>pg_ctl restart -m fast</c>: open transactions are rolled back and every connection is cut; the server starts again
    /// with the options it ran with (the same port), and the harness's idle pooled admin connections, dead now, are dropped.
    /// </summary>
    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var logOffset = File.Exists(LogFile) ? new FileInfo(LogFile).Length : 0;
        var result = await binaries.RunAsync(
            binaries.PgCtl,
            ["restart", "-D", DataDirectory, "-m", "fast", "-l", LogFile, "-w", "-t", "30", "-s"],
            ClusterDirectory,
            cancellationToken);
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            NpgsqlConnection.ClearPool(connection);
        }

        if (!result.Succeeded)
        {
            throw new ProvisioningException(
                $"PostgreSQL in {ClusterDirectory} did not come back from a restart (pg_ctl restart exit code {result.ExitCode}).",
                LocalProcess.Tail((result.Output + LocalClusterProvider.ReadLog(LogFile, logOffset)).Trim()));
        }
    }

    /// <summary>Stops the server (<c>pg_ctl stop -m immediate</c>) and deletes the cluster folder. Safe to call more than once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!disposed)
        {
            disposed = true;
            UnregisterExitCleanup();
            if (AdminConnectionString.Length > 0)
            {
                // Idle pooled connections to a server that is about to vanish are only noise.
                await using var connection = new NpgsqlConnection(AdminConnectionString);
                NpgsqlConnection.ClearPool(connection);
            }
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await CleanupAsync(timeout.Token);
    }

    private async Task CleanupAsync(CancellationToken cancellationToken)
    {
        await cleanupGate.WaitAsync(cancellationToken);
        try
        {
            if (cleanedUp)
            {
                return;
            }

            await StopAndDeleteAsync(binaries, ClusterDirectory, cancellationToken);
            cleanedUp = true;
        }
        finally
        {
            cleanupGate.Release();
        }
    }

    /// <summary>
    /// Stops whatever server runs from <paramref name="clusterDirectory"/> and deletes the folder.
    /// Used for this cluster and for orphans left by dead harness processes.
    /// </summary>
    internal static async Task StopAndDeleteAsync(LocalPostgresBinaries? binaries, string clusterDirectory, CancellationToken cancellationToken)
    {
        var dataDirectory = DataDirectoryOf(clusterDirectory);
        if (binaries is not null && File.Exists(Path.Combine(dataDirectory, "postmaster.pid")))
        {
            try
            {
                await binaries.RunAsync(
                    binaries.PgCtl,
                    ["stop", "-D", dataDirectory, "-m", "immediate", "-w", "-t", "15", "-s"],
                    clusterDirectory,
                    cancellationToken);
            }
            catch (ProvisioningException)
            {
                // Fall through to killing the postmaster directly.
            }
        }

        // Anything still running from this data directory (pg_ctl failed, or a start was interrupted) is killed.
        foreach (var pid in LocalProcess.FindByCommandLine($"-D {dataDirectory}"))
        {
            LocalProcess.KillById(pid);
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (Directory.Exists(clusterDirectory))
                {
                    Directory.Delete(clusterDirectory, recursive: true);
                }

                return;
            }
            catch (Exception e) when (attempt < 10 && e is IOException or UnauthorizedAccessException)
            {
                // Server children that were killed may still be closing files.
                await Task.Delay(100, cancellationToken);
            }
        }
    }

    private void RegisterExitCleanup(bool onTerminationSignal)
    {
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        foreach (var signal in onTerminationSignal ? [PosixSignal.SIGINT, PosixSignal.SIGTERM] : Array.Empty<PosixSignal>())
        {
            try
            {
                signalRegistrations.Add(PosixSignalRegistration.Create(signal, OnSignal));
            }
            catch (PlatformNotSupportedException)
            {
                // ProcessExit still covers a normal exit.
            }
        }
    }

    private void UnregisterExitCleanup()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        foreach (var registration in signalRegistrations)
        {
            registration.Dispose();
        }

        signalRegistrations.Clear();
    }

    private void OnProcessExit(object? sender, EventArgs e) => CleanupNow();

    // The signal's default action (terminating the process) still happens afterwards unless someone else cancels it.
    private void OnSignal(PosixSignalContext context) => CleanupNow();

    private void CleanupNow()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            CleanupAsync(timeout.Token).GetAwaiter().GetResult();
        }
        catch (Exception)
        {
            // Exiting anyway; the next harness start reaps what is left.
        }
    }
}
