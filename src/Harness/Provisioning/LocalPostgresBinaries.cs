namespace Harness.Provisioning;

/// <summary>
/// The installed PostgreSQL server tools, and how to run them: directly, or as an unprivileged OS user
/// (PostgreSQL refuses to run as root) through <c>runuser</c> or <c>setpriv</c>.
/// </summary>
internal sealed class LocalPostgresBinaries
{
    private const string InstallHint =
        "Install the PostgreSQL 15 server (Debian/Ubuntu: apt-get install postgresql-15), point the harness at its bin directory, " +
        "or pass --postgres with a connection string to an existing server.";

    private static readonly string[] Tools = ["initdb", "pg_ctl", "postgres"];

    private readonly string[] runAsPrefix;

    private LocalPostgresBinaries(string binDirectory, string? osUser, string[] runAsPrefix)
    {
        BinDirectory = binDirectory;
        OsUser = osUser;
        this.runAsPrefix = runAsPrefix;
    }

    public string BinDirectory { get; }

    /// <summary>The OS user the tools run as, or null when they run as the current user.</summary>
    public string? OsUser { get; }

    public string Initdb => Path.Combine(BinDirectory, "initdb");

    public string PgCtl => Path.Combine(BinDirectory, "pg_ctl");

    /// <summary>Finds the tools and, when running as root, the way to drop privileges; throws <see cref="ProvisioningException"/> with advice.</summary>
    public static LocalPostgresBinaries Find(LocalClusterOptions options)
    {
        var binDirectory = FindBinDirectory(options.BinDirectory);
        if (!Environment.IsPrivilegedProcess || OperatingSystem.IsWindows())
        {
            return new LocalPostgresBinaries(binDirectory, null, []);
        }

        var user = options.OsUser;
        if (!UserExists(user))
        {
            throw new ProvisioningException(
                $"The harness runs as root, and PostgreSQL must run as an unprivileged OS user, but user '{user}' does not exist. " +
                $"Install the PostgreSQL server package (it creates the 'postgres' user), create the user (useradd --system {user}), " +
                "or run the harness as a non-root user.");
        }

        var runuser = FindExecutable("runuser", "/usr/sbin", "/sbin", "/usr/bin", "/bin");
        if (runuser is not null)
        {
            return new LocalPostgresBinaries(binDirectory, user, [runuser, "-u", user, "--"]);
        }

        var setpriv = FindExecutable("setpriv", "/usr/bin", "/bin", "/usr/sbin", "/sbin");
        if (setpriv is not null)
        {
            return new LocalPostgresBinaries(binDirectory, user, [setpriv, $"--reuid={user}", $"--regid={user}", "--init-groups", "--"]);
        }

        throw new ProvisioningException(
            $"The harness runs as root and needs 'runuser' or 'setpriv' (util-linux) to start PostgreSQL as '{user}'. " +
            "Install util-linux or run the harness as a non-root user.");
    }

    /// <summary>Runs a PostgreSQL tool (as <see cref="OsUser"/> when set).</summary>
    public Task<LocalProcessResult> RunAsync(string tool, IEnumerable<string> arguments, string workingDirectory, CancellationToken cancellationToken)
    {
        if (runAsPrefix.Length == 0)
        {
            return LocalProcess.RunAsync(tool, arguments, workingDirectory, cancellationToken);
        }

        return LocalProcess.RunAsync(runAsPrefix[0], runAsPrefix.Skip(1).Append(tool).Concat(arguments), workingDirectory, cancellationToken);
    }

    /// <summary>Gives <paramref name="path"/> to <see cref="OsUser"/> (no-op when the tools run as the current user).</summary>
    public async Task ChownAsync(string path, CancellationToken cancellationToken)
    {
        if (OsUser is null)
        {
            return;
        }

        var chown = FindExecutable("chown", "/usr/bin", "/bin") ?? "chown";
        var result = await LocalProcess.RunAsync(chown, [$"{OsUser}:", path], null, cancellationToken);
        if (!result.Succeeded)
        {
            throw new ProvisioningException($"Could not give {path} to OS user '{OsUser}' (chown exit code {result.ExitCode}).", LocalProcess.Tail(result.Output));
        }
    }

    internal static string FindBinDirectory(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var full = Path.GetFullPath(configured);
            var missing = Tools.Where(t => !File.Exists(Path.Combine(full, t))).ToList();
            if (missing.Count > 0)
            {
                throw new ProvisioningException(
                    $"No PostgreSQL server binaries in '{full}' ({string.Join(", ", missing)} not found). " +
                    "The bin directory must hold initdb, pg_ctl and postgres (e.g. /usr/lib/postgresql/15/bin). " + InstallHint);
            }

            return full;
        }

        var onPath = FindOnPath("initdb");
        if (onPath is not null)
        {
            // /usr/local/bin/initdb is often a symlink into /usr/lib/postgresql/N/bin, where postgres and pg_ctl live.
            var real = new FileInfo(onPath).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? onPath;
            foreach (var candidate in new[] { Path.GetDirectoryName(real), Path.GetDirectoryName(onPath) })
            {
                if (candidate is not null && Tools.All(t => File.Exists(Path.Combine(candidate, t))))
                {
                    return candidate;
                }
            }
        }

        const string debianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(debianRoot))
        {
            var best = Directory.EnumerateDirectories(debianRoot)
                .Select(d => (Dir: Path.Combine(d, "bin"), Version: Version.TryParse(Path.GetFileName(d), out var v) ? v : null))
                .Where(x => x.Version is not null && Tools.All(t => File.Exists(Path.Combine(x.Dir, t))))
                .OrderByDescending(x => x.Version)
                .Select(x => x.Dir)
                .FirstOrDefault();
            if (best is not null)
            {
                return best;
            }
        }

        throw new ProvisioningException(
            "No PostgreSQL server binaries found: initdb, pg_ctl and postgres are neither on PATH nor in /usr/lib/postgresql/*/bin. " + InstallHint);
    }

    private static string? FindOnPath(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
    }

    private static string? FindExecutable(string name, params string[] fallbackDirectories) =>
        FindOnPath(name) ?? fallbackDirectories.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    private static bool UserExists(string user)
    {
        const string passwd = "/etc/passwd";
        if (!File.Exists(passwd))
        {
            return true; // Cannot tell; let runuser report it.
        }

        return File.ReadLines(passwd).Any(line => line.StartsWith(user + ":", StringComparison.Ordinal));
    }
}
