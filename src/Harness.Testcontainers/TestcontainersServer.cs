using Harness.Provisioning;
using Testcontainers.PostgreSql;

namespace Harness.Testcontainers;

/// <summary>A PostgreSQL container started by <see cref="TestcontainersProvider"/>; disposing it removes the container.</summary>
public sealed class TestcontainersServer : IPostgresServer
{
    private readonly PostgreSqlContainer container;

    internal TestcontainersServer(PostgreSqlContainer container, string adminConnectionString, string description)
    {
        this.container = container;
        AdminConnectionString = adminConnectionString;
        Description = description;
    }

    public string ProviderName => "testcontainers";

    public string AdminConnectionString { get; }

    public bool IsHarnessOwned => true;

    public string Description { get; }

    /// <summary>The Docker container id.</summary>
    public string ContainerId => container.Id;

    public ValueTask DisposeAsync() => container.DisposeAsync();
}
