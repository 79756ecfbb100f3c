namespace Harness.Provisioning;

/// <summary>
/// Supplies a PostgreSQL server for a run: an ephemeral local cluster, a container, or an existing server.
/// </summary>
public interface IPostgresProvider
{
    /// <summary>Short name shown to users ("local", "testcontainers", "external").</summary>
    string Name { get; }

    /// <summary>Starts (or connects to) the server; the returned handle stops and removes what was started.</summary>
    Task<IPostgresServer> StartAsync(CancellationToken cancellationToken = default);
}
