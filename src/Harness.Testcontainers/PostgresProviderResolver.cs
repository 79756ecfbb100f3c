namespace Harness.Provisioning;

/// <summary>The provider picked for a <c>--postgres</c> value, and one line saying which and why.</summary>
public sealed record PostgresResolution(IPostgresProvider Provider, string Explanation);

/// <summary>
/// Turns a <c>--postgres</c> value into a provider: <c>auto</c> | <c>local</c> | <c>testcontainers</c> | a connection string.
/// Container support is injected (<c>containerProviderFactory</c>) so the core never references Testcontainers.
/// </summary>
public sealed class PostgresProviderResolver
{
    /// <summary>The keyword values, in the order shown to users.</summary>
    public static readonly IReadOnlyList<string> Keywords = ["auto", "local", "testcontainers"];

    /// <summary>The valid values, for help text and error messages.</summary>
    public const string ValidValues =
        "auto, local, testcontainers, or a connection string ('Host=...;Port=...;Username=...;Password=...;Database=...' or 'postgresql://user:password@host:port/database')";

    private readonly Func<IPostgresProvider>? containerProviderFactory;
    private readonly LocalClusterOptions localOptions;
    private readonly DockerProbe dockerProbe;

    /// <param name="containerProviderFactory">Creates the Testcontainers provider; null when the caller has no container support.</param>
    /// <param name="localOptions">Options for a local cluster; null for the defaults.</param>
    /// <param name="dockerProbe">How Docker is detected; null for <see cref="DockerProbe()"/> (DOCKER_HOST or the local socket).</param>
    public PostgresProviderResolver(
        Func<IPostgresProvider>? containerProviderFactory,
        LocalClusterOptions? localOptions = null,
        DockerProbe? dockerProbe = null)
    {
        this.containerProviderFactory = containerProviderFactory;
        this.localOptions = localOptions ?? new LocalClusterOptions();
        this.dockerProbe = dockerProbe ?? new DockerProbe();
    }

    /// <summary>Resolves <paramref name="value"/> (null or blank means <c>auto</c>).</summary>
    /// <exception cref="ProvisioningException">The value is invalid, or <c>testcontainers</c> cannot be used here.</exception>
    public async Task<PostgresResolution> ResolveAsync(string? value, CancellationToken cancellationToken = default)
    {
        var trimmed = value?.Trim() ?? string.Empty;
        if (trimmed.Length == 0 || trimmed.Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            return await ResolveAutoAsync(cancellationToken);
        }

        if (trimmed.Equals("local", StringComparison.OrdinalIgnoreCase))
        {
            return new PostgresResolution(new LocalClusterProvider(localOptions), "local: using a local cluster from the installed PostgreSQL binaries");
        }

        if (trimmed.Equals("testcontainers", StringComparison.OrdinalIgnoreCase))
        {
            return await ResolveTestcontainersAsync(cancellationToken);
        }

        if (PostgresConnectionString.LooksLikeConnectionString(trimmed))
        {
            var provider = new ExternalServerProvider(trimmed);
            var target = PostgresConnectionString.Describe(PostgresConnectionString.Normalize(trimmed));
            return new PostgresResolution(provider, $"connection string: using the existing server at {target}");
        }

        throw new ProvisioningException(
            $"Unknown --postgres value '{PostgresConnectionString.Redact(trimmed)}'. Valid values: {ValidValues}.");
    }

    private async Task<PostgresResolution> ResolveAutoAsync(CancellationToken cancellationToken)
    {
        if (containerProviderFactory is null)
        {
            return new PostgresResolution(
                new LocalClusterProvider(localOptions), "auto: this build has no container support; using a local cluster");
        }

        var docker = await dockerProbe.IsAvailableAsync(cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        if (docker)
        {
            return new PostgresResolution(
                containerProviderFactory(), $"auto: a Docker engine answered at {dockerProbe.Endpoint}; using Testcontainers");
        }

        return new PostgresResolution(
            new LocalClusterProvider(localOptions), "auto: no Docker engine answered; using a local cluster");
    }

    private async Task<PostgresResolution> ResolveTestcontainersAsync(CancellationToken cancellationToken)
    {
        if (containerProviderFactory is null)
        {
            throw new ProvisioningException(
                "--postgres testcontainers is not available here: this build has no container support. " +
                "Use --postgres local, auto, or a connection string.");
        }

        var docker = await dockerProbe.IsAvailableAsync(cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        if (!docker)
        {
            var where = dockerProbe.Endpoint ?? "DOCKER_HOST or /var/run/docker.sock";
            throw new ProvisioningException(
                $"--postgres testcontainers needs a running Docker engine, but none answered at {where}. " +
                "Start Docker (or set DOCKER_HOST to a running engine), or use --postgres local, auto, or a connection string.");
        }

        return new PostgresResolution(
            containerProviderFactory(), $"testcontainers: a Docker engine answered at {dockerProbe.Endpoint}; using Testcontainers");
    }
}
