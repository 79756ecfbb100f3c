using Harness.Provisioning;
using Npgsql;
using Testcontainers.PostgreSql;

namespace Harness.Testcontainers;

/// <summary>
/// Starts PostgreSQL in a Docker container through Testcontainers. The image is pinned (<see cref="DefaultImage"/>) so every
/// machine tests against the same server; Testcontainers' resource reaper removes the container if the harness dies.
/// </summary>
public sealed class TestcontainersProvider : IPostgresProvider
{
    /// <summary>The pinned image used unless another is given.</summary>
    public const string DefaultImage = "postgres:15.8-alpine";

    private readonly string image;
    private readonly int maxConnections;

    public TestcontainersProvider()
        : this(DefaultImage)
    {
    }

    /// <param name="image">The full image name with tag, e.g. "postgres:15.8-alpine".</param>
    /// <param name="maxConnections">The server's max_connections.</param>
    public TestcontainersProvider(string image, int maxConnections = 200)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConnections, 1);
        this.image = image;
        this.maxConnections = maxConnections;
    }

    public string Name => "testcontainers";

    /// <summary>The image this provider starts.</summary>
    public string Image => image;

    public async Task<IPostgresServer> StartAsync(CancellationToken cancellationToken = default)
    {
        // The builder already turns fsync, full_page_writes and synchronous_commit off.
        // Build() itself checks the Docker endpoint, so it belongs inside the try.
        PostgreSqlContainer? container = null;
        try
        {
            container = new PostgreSqlBuilder(image)
                .WithCommand("-c", $"max_connections={maxConnections}")
                .Build();
            await container.StartAsync(cancellationToken);
            var connectionString = container.GetConnectionString();
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SHOW server_version", connection);
            var version = ((string?)await command.ExecuteScalarAsync(cancellationToken) ?? "?").Split(' ', 2)[0];
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return new TestcontainersServer(
                container,
                connectionString,
                $"container {image} on {builder.Host}:{builder.Port} (PostgreSQL {version})");
        }
        catch (Exception e)
        {
            if (container is not null)
            {
                await container.DisposeAsync();
            }

            if (e is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            throw new ProvisioningException(
                $"Could not start PostgreSQL in a Docker container from image '{image}': {FirstLine(e.Message)} " +
                "Check that a Docker engine is running (or DOCKER_HOST points at one) and can pull the image, " +
                "or use --postgres local or a connection string.",
                null,
                e);
        }
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
