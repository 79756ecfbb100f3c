namespace Harness.Provisioning;

/// <summary>A running PostgreSQL server. Disposing it stops and removes whatever the provider created.</summary>
public interface IPostgresServer : IAsyncDisposable
{
    /// <summary>The provider that produced this server ("local", "testcontainers", "external").</summary>
    string ProviderName { get; }

    /// <summary>A connection string for a role that may create schemas and roles (superuser on harness-owned servers).</summary>
    string AdminConnectionString { get; }

    /// <summary>
    /// True when the harness created the whole server and may destroy it; false for a user's server,
    /// where only objects the harness created itself may be dropped.
    /// </summary>
    bool IsHarnessOwned { get; }

    /// <summary>One line for the console, e.g. "local cluster on 127.0.0.1:54012 (PostgreSQL 15.18)".</summary>
    string Description { get; }
}
