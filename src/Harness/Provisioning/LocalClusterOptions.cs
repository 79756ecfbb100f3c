namespace Harness.Provisioning;

/// <summary>Settings for <see cref="LocalClusterProvider"/>. The defaults suit a throwaway test cluster.</summary>
public sealed class LocalClusterOptions
{
    /// <summary>
    /// Folder holding <c>initdb</c>, <c>pg_ctl</c> and <c>postgres</c>. When null they are looked up on PATH,
    /// then in <c>/usr/lib/postgresql/*/bin</c> (newest version first).
    /// </summary>
    public string? BinDirectory { get; init; }

    /// <summary>Where the <c>harness-pg-*</c> cluster folders are created; null means <see cref="Path.GetTempPath"/>.</summary>
    public string? TempRoot { get; init; }

    /// <summary>The unprivileged OS user that runs <c>initdb</c> and <c>postgres</c> when the harness runs as root.</summary>
    public string OsUser { get; init; } = "postgres";

    /// <summary>The server's <c>max_connections</c>.</summary>
    public int MaxConnections { get; init; } = 200;

    /// <summary>The locale given to <c>initdb</c>; "C" needs no installed locales and sorts the same everywhere.</summary>
    public string Locale { get; init; } = "C";

    /// <summary>How long <c>pg_ctl start</c> may wait for the server to accept connections.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How many free ports are tried when the picked port is taken before the server binds it.</summary>
    public int PortAttempts { get; init; } = 3;

    /// <summary>Extra server settings written to <c>postgresql.conf</c> (name → value), e.g. <c>work_mem</c>.</summary>
    public IReadOnlyDictionary<string, string> ServerSettings { get; init; } = new Dictionary<string, string>();

    /// <summary>Whether to remove <c>harness-pg-*</c> folders left by harness processes that no longer run.</summary>
    public bool ReapOrphans { get; init; } = true;

    /// <summary>
    /// Whether the cluster removes itself as soon as the process gets SIGINT or SIGTERM (default true), for hosts that let
    /// those signals end the process, which would otherwise end without disposing it. A host that handles them itself,
    /// cancelling its work and disposing the server (the harness CLI), turns this off: the cluster must not be stopped under a
    /// run that is still cancelling, or the run's cause reads as a lost connection instead of the cancellation.
    /// </summary>
    public bool RemoveOnTerminationSignal { get; init; } = true;

    /// <summary>Test hook: called with each <see cref="LocalClusterStages"/> name as the start reaches it.</summary>
    internal Action<string>? OnStage { get; init; }

    internal string ResolvedTempRoot => Path.GetFullPath(TempRoot ?? Path.GetTempPath());
}

/// <summary>The named points of a local cluster start, reported to <see cref="LocalClusterOptions.OnStage"/>.</summary>
internal static class LocalClusterStages
{
    public const string BinariesFound = "binaries-found";
    public const string OrphansReaped = "orphans-reaped";
    public const string DirectoryCreated = "directory-created";
    public const string InitdbDone = "initdb-done";
    public const string Configured = "configured";
    public const string ServerStarted = "server-started";
    public const string Ready = "ready";
}
