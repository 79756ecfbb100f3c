using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Harness.Processes;
using Npgsql;

namespace Harness.Provisioning;

/// <summary>
/// Starts an ephemeral PostgreSQL cluster from the installed server binaries: <c>initdb</c> into a fresh
/// <c>harness-pg-*</c> temp folder, durability off, listening on a free loopback port and a unix socket in the 0700 data
/// folder. Every connection, TCP or socket, authenticates with scram-sha-256 as superuser <c>postgres</c> with a random
/// per-cluster password that only the connection strings the cluster hands out carry (another local user cannot become
/// superuser). As root, the server runs as the <see cref="LocalClusterOptions.OsUser"/> OS user.
/// </summary>
public sealed partial class LocalClusterProvider : IPostgresProvider
{
    /// <summary>The prefix of every cluster folder; <see cref="ReapOrphansAsync"/> only looks at these.</summary>
    public const string FolderPrefix = "harness-pg-";

    private readonly LocalClusterOptions options;

    public LocalClusterProvider(LocalClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
    }

    public string Name => "local";

    public async Task<IPostgresServer> StartAsync(CancellationToken cancellationToken = default) =>
        await StartClusterAsync(cancellationToken);

    /// <summary>Like <see cref="StartAsync"/>, typed: the cluster exposes its folder, port and version.</summary>
    public async Task<LocalCluster> StartClusterAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ValidateOptions();
        var binaries = LocalPostgresBinaries.Find(options);
        Stage(LocalClusterStages.BinariesFound, cancellationToken);

        var tempRoot = options.ResolvedTempRoot;
        Directory.CreateDirectory(tempRoot);
        if (options.ReapOrphans)
        {
            await ReapOrphansAsync(tempRoot, binaries, cancellationToken);
        }

        Stage(LocalClusterStages.OrphansReaped, cancellationToken);

        var clusterDirectory = Path.Combine(tempRoot, FolderPrefix + Guid.NewGuid().ToString("N")[..12]);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(clusterDirectory);
        }
        else
        {
            Directory.CreateDirectory(clusterDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        // Written whole under a temporary name, then renamed: another process reaping orphans must never read a half-written
        // owner file (no pid yet) and take a cluster being created for an abandoned one.
        var ownerFile = Path.Combine(clusterDirectory, LocalCluster.OwnerFileName);
        await File.WriteAllTextAsync(ownerFile + ".tmp", OwnerFileContent(Environment.ProcessId, ProcessIdentity.CurrentStartTimeUtc), cancellationToken);
        File.Move(ownerFile + ".tmp", ownerFile);
        var cluster = new LocalCluster(binaries, clusterDirectory, ClusterPassword.New(), options.RemoveOnTerminationSignal);
        try
        {
            Stage(LocalClusterStages.DirectoryCreated, cancellationToken);
            await binaries.ChownAsync(clusterDirectory, cancellationToken);
            await InitdbAsync(binaries, cluster, cancellationToken);
            Stage(LocalClusterStages.InitdbDone, cancellationToken);
            await WriteSettingsAsync(cluster, cancellationToken);
            await ClusterPassword.WriteHostBasedAuthenticationAsync(cluster.DataDirectory, cancellationToken);
            Stage(LocalClusterStages.Configured, cancellationToken);
            var port = await StartServerAsync(binaries, cluster, cancellationToken);
            Stage(LocalClusterStages.ServerStarted, cancellationToken);
            var version = await WaitUntilReadyAsync(cluster, port, cancellationToken);
            cluster.MarkReady(port, version);
            Stage(LocalClusterStages.Ready, cancellationToken);
            return cluster;
        }
        catch (Exception e)
        {
            var log = ReadLogTail(cluster.LogFile);
            await cluster.DisposeAsync();
            if (e is ProvisioningException || (e is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                throw;
            }

            throw new ProvisioningException(
                $"Could not start a local PostgreSQL cluster in {clusterDirectory}: {e.Message}", log, e);
        }
    }

    /// <summary>
    /// Stops and deletes <c>harness-pg-*</c> folders under the temp root whose owner process is no longer running, and
    /// stops the children those processes left (<see cref="OrphanChildReaper"/>). Returns the folders removed. Never fails the caller for a folder it could not remove.
    /// </summary>
    public async Task<IReadOnlyList<string>> ReapOrphansAsync(CancellationToken cancellationToken = default)
    {
        LocalPostgresBinaries? binaries;
        try
        {
            binaries = LocalPostgresBinaries.Find(options);
        }
        catch (ProvisioningException)
        {
            binaries = null; // Servers are then killed by pid.
        }

        return await ReapOrphansAsync(options.ResolvedTempRoot, binaries, cancellationToken);
    }

    internal static async Task<IReadOnlyList<string>> ReapOrphansAsync(string tempRoot, LocalPostgresBinaries? binaries, CancellationToken cancellationToken)
    {
        var reaped = new List<string>();
        if (!Directory.Exists(tempRoot))
        {
            return reaped;
        }

        // The apps and migration commands of dead runs go with their clusters (they hold connections to them).
        reaped.AddRange(OrphanChildReaper.Reap(tempRoot));

        foreach (var directory in Directory.EnumerateDirectories(tempRoot, FolderPrefix + "*"))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!IsOrphan(directory))
            {
                continue;
            }

            try
            {
                await LocalCluster.StopAndDeleteAsync(binaries, directory, cancellationToken);
                reaped.Add(directory);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Another process may be reaping it too, or it is not ours to delete; leave it.
            }
        }

        return reaped;
    }

    internal static string OwnerFileContent(int pid, DateTime startedUtc) =>
        string.Create(CultureInfo.InvariantCulture, $"pid={pid}\nstarted={startedUtc:O}\n");

    private static bool IsOrphan(string directory)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(Path.Combine(directory, LocalCluster.OwnerFileName));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // No owner file yet: a cluster being created right now, or a crash between mkdir and the write.
            // Only a folder untouched for an hour is taken as abandoned.
            return e is FileNotFoundException
                && DateTime.UtcNow - Directory.GetLastWriteTimeUtc(directory) > TimeSpan.FromHours(1);
        }

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

        // An owner file without a pid is one being written (or a crash right then): like a missing one, only a folder
        // untouched for an hour is taken as abandoned.
        return pid is null
            ? DateTime.UtcNow - Directory.GetLastWriteTimeUtc(directory) > TimeSpan.FromHours(1)
            : !ProcessIdentity.IsAlive(pid.Value, started);
    }

    private void Stage(string stage, CancellationToken cancellationToken)
    {
        options.OnStage?.Invoke(stage);
        cancellationToken.ThrowIfCancellationRequested();
    }

    private void ValidateOptions()
    {
        foreach (var (name, value) in options.ServerSettings)
        {
            if (!SettingName().IsMatch(name) || value.Contains('\n', StringComparison.Ordinal) || value.Contains('\r', StringComparison.Ordinal))
            {
                throw new ProvisioningException(
                    $"Invalid server setting '{name}': names are letters, digits, '_' and '.', and values are one line.");
            }
        }

        if (options.MaxConnections < 1 || options.PortAttempts < 1 || options.StartTimeout <= TimeSpan.Zero)
        {
            throw new ProvisioningException("LocalClusterOptions: MaxConnections, PortAttempts and StartTimeout must be positive.");
        }
    }

    private async Task InitdbAsync(LocalPostgresBinaries binaries, LocalCluster cluster, CancellationToken cancellationToken)
    {
        // The superuser's password reaches initdb in a file only its owner may read, deleted as soon as initdb is done.
        var passwordFile = await ClusterPassword.WriteFileAsync(cluster.ClusterDirectory, cluster.Password, cancellationToken);
        LocalProcessResult result;
        try
        {
            await binaries.ChownAsync(passwordFile, cancellationToken);
            result = await binaries.RunAsync(
                binaries.Initdb,
                ["-D", cluster.DataDirectory, "--auth=scram-sha-256", $"--pwfile={passwordFile}", "-U", "postgres", "--no-sync", "-E", "UTF8", $"--locale={options.Locale}"],
                cluster.ClusterDirectory,
                cancellationToken);
        }
        finally
        {
            File.Delete(passwordFile);
        }

        if (!result.Succeeded)
        {
            var who = binaries.OsUser is null ? string.Empty : $" (running as OS user '{binaries.OsUser}', who must be able to write under {options.ResolvedTempRoot})";
            throw new ProvisioningException(
                $"initdb failed with exit code {result.ExitCode}{who}. Check that the PostgreSQL server is installed completely " +
                $"(Debian/Ubuntu: apt-get install postgresql-15) and that {options.ResolvedTempRoot} is writable, " +
                "or pass --postgres with a connection string to an existing server.",
                LocalProcess.Tail(result.Output));
        }
    }

    private async Task WriteSettingsAsync(LocalCluster cluster, CancellationToken cancellationToken)
    {
        // Unix socket paths are limited to ~107 bytes; with a very deep temp root the server listens on TCP only.
        var socketDirectory = cluster.DataDirectory.Length + 20 < 100 ? cluster.DataDirectory : string.Empty;
        var settings = new List<(string Name, string Value)>
        {
            ("fsync", "off"),
            ("synchronous_commit", "off"),
            ("full_page_writes", "off"),
            ("listen_addresses", "127.0.0.1"),
            ("unix_socket_directories", socketDirectory),
            ("unix_socket_permissions", "0700"),
            ("password_encryption", "scram-sha-256"),
            ("max_connections", options.MaxConnections.ToString(CultureInfo.InvariantCulture)),
        };
        settings.AddRange(options.ServerSettings.Select(kv => (kv.Key, kv.Value)));

        var text = new StringBuilder("\n# Added by the harness: a throwaway cluster, durability traded for speed.\n");
        foreach (var (name, value) in settings)
        {
            text.Append(CultureInfo.InvariantCulture, $"{name} = '{value.Replace("'", "''", StringComparison.Ordinal)}'\n");
        }

        await File.AppendAllTextAsync(Path.Combine(cluster.DataDirectory, "postgresql.conf"), text.ToString(), cancellationToken);
    }

    private async Task<int> StartServerAsync(LocalPostgresBinaries binaries, LocalCluster cluster, CancellationToken cancellationToken)
    {
        var timeoutSeconds = Math.Max(1, (int)Math.Ceiling(options.StartTimeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Pick();
            var logOffset = File.Exists(cluster.LogFile) ? new FileInfo(cluster.LogFile).Length : 0;
            var result = await binaries.RunAsync(
                binaries.PgCtl,
                ["start", "-D", cluster.DataDirectory, "-l", cluster.LogFile, "-w", "-t", timeoutSeconds, "-s",
                 "-o", string.Create(CultureInfo.InvariantCulture, $"-p {port}")],
                cluster.ClusterDirectory,
                cancellationToken);
            if (result.Succeeded)
            {
                return port;
            }

            var serverLog = ReadLog(cluster.LogFile, logOffset);
            var portTaken = serverLog.Contains("could not bind", StringComparison.OrdinalIgnoreCase)
                || serverLog.Contains("Address already in use", StringComparison.OrdinalIgnoreCase)
                || serverLog.Contains("could not create any TCP/IP sockets", StringComparison.OrdinalIgnoreCase);
            if (portTaken && attempt < options.PortAttempts)
            {
                continue;
            }

            throw new ProvisioningException(
                $"PostgreSQL did not start (pg_ctl start exit code {result.ExitCode}, port {port}, attempt {attempt}). " +
                "The server log below says why: fix the server setting it names, or free resources (memory, disk, ports); " +
                "if the binaries are broken reinstall the PostgreSQL server (apt-get install postgresql-15).",
                LocalProcess.Tail((result.Output + serverLog).Trim()));
        }
    }

    private static async Task<string> WaitUntilReadyAsync(LocalCluster cluster, int port, CancellationToken cancellationToken)
    {
        var probe = new NpgsqlConnectionStringBuilder(LocalCluster.AdminConnectionStringFor(port, cluster.Password))
        {
            Pooling = false,
            Timeout = 5,
        }.ConnectionString;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = new NpgsqlConnection(probe);
                await connection.OpenAsync(cancellationToken);
                await using var command = new NpgsqlCommand("SHOW server_version", connection);
                var version = (string?)await command.ExecuteScalarAsync(cancellationToken) ?? "?";
                return version.Split(' ', 2)[0];
            }
            catch (NpgsqlException) when (attempt < 40 && !cancellationToken.IsCancellationRequested)
            {
                // pg_ctl -w said ready; give a starting server a moment more.
                await Task.Delay(50, cancellationToken);
            }
            catch (NpgsqlException e)
            {
                throw new ProvisioningException(
                    $"PostgreSQL in {cluster.ClusterDirectory} started but does not accept connections on 127.0.0.1:{port}: {e.Message}",
                    ReadLogTail(cluster.LogFile),
                    e);
            }
        }
    }

    /// <summary>The server log from <paramref name="offset"/> on, or empty when it cannot be read.</summary>
    internal static string ReadLog(string path, long offset)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            stream.Seek(Math.Min(offset, stream.Length), SeekOrigin.Begin);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }

    private static string? ReadLogTail(string path)
    {
        var log = ReadLog(path, 0);
        return log.Length == 0 ? null : LocalProcess.Tail(log);
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_.]*$")]
    private static partial Regex SettingName();
}
