using FluentAssertions;
using Harness.Chaos.Proxy;
using Harness.Provisioning;
using Harness.Tests.Infrastructure;
using Npgsql;

namespace Harness.Tests.Chaos.Proxy;

/// <summary>The proxy forwarding to a local server's Unix socket (a directory as the upstream host, libpq's convention).</summary>
public sealed class ProxyUnixUpstreamTests(PostgresFixture postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_directory_as_the_upstream_host_relays_through_the_servers_unix_socket()
    {
        var cluster = postgres.Server as LocalCluster;
        Assert.SkipWhen(cluster is null, "the tests' server is not the harness's local cluster, so its socket directory is unknown");
        Assert.SkipWhen(!File.Exists(Path.Combine(cluster!.DataDirectory, $".s.PGSQL.{cluster.Port}")), "the local cluster listens on TCP only (its folder's path is too long for a socket)");

        await using var bed = await ProxyTestBed.StartAsync(postgres, o => o with { UpstreamHost = cluster.DataDirectory, UpstreamPort = cluster.Port }, Token);
        await using var connection = await bed.OpenAsync(Token);
        await using var transaction = await connection.BeginTransactionAsync(Token);
        await using (var set = new NpgsqlCommand($"SELECT set_config('{ProxyTestBed.Setting}', '1', true)", connection, transaction))
        {
            await set.ExecuteNonQueryAsync(Token);
        }

        await using var count = new NpgsqlCommand("SELECT count(*) FROM orders", connection, transaction);
        ((long)(await count.ExecuteScalarAsync(Token))!).Should().Be(5);
        await using var path = new NpgsqlCommand("SELECT coalesce(inet_client_addr()::text, 'unix socket')", connection, transaction);
        ((string)(await path.ExecuteScalarAsync(Token))!).Should().Be("unix socket", "the server sees the proxy's connection on its socket");
        bed.Events<DataQueryEvent>().Should().ContainSingle(q => q.ContextValue == "1" && q.State == ContextState.ThisTransaction);
    }

    [Fact]
    public async Task A_directory_without_the_servers_socket_is_refused_at_start()
    {
        var folder = Directory.CreateTempSubdirectory("harness-no-socket-").FullName;

        await FluentActions.Awaiting(() => PgFaultProxy.StartAsync(new PgProxyOptions { UpstreamHost = folder, UpstreamPort = 5432 }, Token))
            .Should().ThrowAsync<ChaosProxyException>().WithMessage($"*{folder}/.s.PGSQL.5432*does not exist*");
    }
}
