using Harness.Processes;
using Npgsql;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace Harness.Chaos.Pooling;

/// <summary>
/// A real PgBouncer the harness runs between the app and the server: on a free loopback port, no unix socket, its ini
/// and plaintext auth file (mode 0600) in a private temp folder, as <see cref="PgBouncerOptions.OsUser"/> when the harness
/// runs as root (PgBouncer refuses root). It leads its own process group, written down in the <see cref="ChildRegistry"/>,
/// so a harness that dies leaves it to <see cref="OrphanChildReaper"/>. Ready once a real login through it works;
/// disposing stops it (SIGTERM, then SIGKILL) and deletes its folder. In transaction mode without a reset query it
/// reproduces what production poolers do: a session-level <c>SET</c> one client leaves on a server connection is seen by
/// the next client's transaction on it.
/// </summary>
public sealed class PgBouncerProcess : IAsyncDisposable
{
    private const int PortAttempts = 3;
    private const int OutputLines = 60;
    private static readonly string[] KnownFolders = ["/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin"];
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    private readonly ChildProcess process;
    private string? version;
    private int disposed;

    private PgBouncerProcess(ChildProcess process, PgBouncerOptions options, int port, string folder)
    {
        this.process = process;
        Options = options;
        Port = port;
        Folder = folder;
    }

    /// <summary>The address clients connect to: always loopback.</summary>
    public string Host { get; } = "127.0.0.1";

    /// <summary>The port PgBouncer listens on.</summary>
    public int Port { get; }

    /// <summary>The database name clients ask for: an alias named as the upstream database.</summary>
    public string DatabaseName => Options.Database;

    public PgBouncerOptions Options { get; }

    /// <summary>PgBouncer's process id (the process itself, not a wrapper).</summary>
    public int ProcessId => process.Id;

    /// <summary>What it is, for reports: version, pool mode and size, where it listens and where it forwards.</summary>
    public string Description =>
        string.Create(CultureInfo.InvariantCulture,
            $"{version ?? "PgBouncer"} ({Options.PoolMode} pooling, pool size {Options.PoolSize}) on {Host}:{Port} -> {Options.UpstreamHost}:{Options.UpstreamPort}/{Options.Database}");

    /// <summary>PgBouncer's last output lines (its log).</summary>
    public IReadOnlyList<string> RecentOutput => process.Output.Lines();

    /// <summary>The private folder holding its ini, auth file, log and pid file.</summary>
    internal string Folder { get; }

    /// <summary>The installed pgbouncer program (on PATH, then /usr/sbin, /usr/bin, /usr/local/*), or null when there is none.</summary>
    public static string? FindBinary() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(KnownFolders)
            .Select(folder => Path.Combine(folder, "pgbouncer"))
            .FirstOrDefault(File.Exists);

    /// <summary>A connection string that logs in through PgBouncer as <paramref name="user"/> (one of <see cref="PgBouncerOptions.Users"/>).</summary>
    public string ConnectionString(string user) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = Host,
            Port = Port,
            Database = DatabaseName,
            Username = user,
            Password = Options.Users.TryGetValue(user, out var password)
                ? password
                : throw new ArgumentException($"'{user}' is not one of PgBouncer's users ({string.Join(", ", Options.Users.Keys)}).", nameof(user)),
        }.ConnectionString;

    /// <summary>Starts PgBouncer and waits until a login through it works.</summary>
    /// <exception cref="PgBouncerException">Not installed, bad options, or it did not start (its log tail in the message).</exception>
    public static async Task<PgBouncerProcess> StartAsync(PgBouncerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var binary = options.BinaryPath ?? FindBinary()
            ?? throw new PgBouncerException($"PgBouncer is not installed (no pgbouncer on PATH or in {string.Join(", ", KnownFolders)}); {PgBouncerException.InstallHint}.");
        if (!File.Exists(binary))
        {
            throw new PgBouncerException($"There is no PgBouncer program at {binary}; {PgBouncerException.InstallHint}.");
        }

        var osUser = Environment.IsPrivilegedProcess && !OperatingSystem.IsWindows() ? options.OsUser : null;
        for (var attempt = 1; ; attempt++)
        {
            var bouncer = Launch(binary, options, osUser);
            try
            {
                await bouncer.WaitUntilReadyAsync(cancellationToken);
                return bouncer;
            }
            catch (PgBouncerException) when (attempt < PortAttempts && bouncer.PortWasTaken())
            {
                // Another process took the picked port between picking and binding: pick again.
                await bouncer.DisposeAsync();
            }
            catch
            {
                await bouncer.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>Stops PgBouncer (SIGTERM: it closes its connections at once; SIGKILL after a grace) and deletes its folder.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await process.StopAsync(StopGrace);
        }
        finally
        {
            process.Dispose();
            PgBouncerFolder.Delete(Folder);
        }
    }

    private static PgBouncerProcess Launch(string binary, PgBouncerOptions options, string? osUser)
    {
        var port = FreePort.Pick();
        var folder = PgBouncerFolder.Create(
            folder => new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [PgBouncerConfig.AuthFileName] = PgBouncerConfig.AuthFile(options),
                [PgBouncerConfig.IniFileName] = PgBouncerConfig.Ini(options, folder, port),
            },
            osUser);
        try
        {
            var ini = Path.Combine(folder, PgBouncerConfig.IniFileName);
            string[] arguments = osUser is null ? [ini] : ["-u", osUser, ini];
            var command = new ProcessCommand(binary, arguments) { WorkingDirectory = folder, OwnProcessGroup = true };
            return new PgBouncerProcess(ChildProcess.Start(command, new OutputTail(OutputLines), options.Registry), options, port, folder);
        }
        catch (Win32Exception e)
        {
            PgBouncerFolder.Delete(folder);
            throw new PgBouncerException($"PgBouncer at {binary} could not be started ({e.Message}); {PgBouncerException.InstallHint}.", null, e);
        }
        catch
        {
            PgBouncerFolder.Delete(folder);
            throw;
        }
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        var user = Options.Users.Keys.Order(StringComparer.Ordinal).First();
        var probe = new NpgsqlConnectionStringBuilder(ConnectionString(user))
        {
            Pooling = false,
            Timeout = (int)ProbeTimeout.TotalSeconds,
            ApplicationName = "harness-pgbouncer-probe",
        }.ConnectionString;
        var stopwatch = Stopwatch.StartNew();
        var last = "no answer yet";
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                await process.SettleAsync();
                throw new PgBouncerException(
                    string.Create(CultureInfo.InvariantCulture, $"PgBouncer exited with code {process.ExitCode} before it accepted a login on {Host}:{Port}"),
                    process.Output.ToString());
            }

            if (stopwatch.Elapsed > Options.StartTimeout)
            {
                throw new PgBouncerException(
                    string.Create(CultureInfo.InvariantCulture,
                        $"PgBouncer on {Host}:{Port} did not accept a login as '{user}' within {Options.StartTimeout.TotalSeconds:0.#} s (last: {last})"),
                    process.Output.ToString());
            }

            using (var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                attempt.CancelAfter(ProbeTimeout);
                try
                {
                    await using var connection = new NpgsqlConnection(probe);
                    await connection.OpenAsync(attempt.Token);
                    await using var command = new NpgsqlCommand("SELECT 1", connection);
                    await command.ExecuteScalarAsync(attempt.Token);

                    // Read now: the line that names the version soon leaves the bounded output tail.
                    version = Version();
                    return;
                }
                catch (PostgresException e)
                {
                    // PgBouncer answered: the login or the upstream is wrong, which waiting does not mend.
                    throw new PgBouncerException(
                        $"PgBouncer on {Host}:{Port} runs but a login as '{user}' to {Options.UpstreamHost}:{Options.UpstreamPort}/{Options.Database} through it failed: {e.SqlState} {e.MessageText}; check the user's password and the upstream",
                        process.Output.ToString(), e);
                }
                catch (NpgsqlException e)
                {
                    last = e.Message;
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    last = "no answer within the probe timeout";
                }
            }

            using var pause = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            pause.CancelAfter(PollInterval);
            try
            {
                // Wakes early when it exits, so a failed start is reported at once.
                await process.WaitForExitAsync(pause.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }
        }
    }

    private bool PortWasTaken() =>
        process.Output.Lines().Any(line => line.Contains("Address already in use", StringComparison.OrdinalIgnoreCase));

    private string? Version()
    {
        const string marker = "process up: ";
        var line = process.Output.Lines().FirstOrDefault(l => l.Contains(marker, StringComparison.Ordinal));
        return line is null ? null : line[(line.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..].Split(',')[0].Trim();
    }
}
