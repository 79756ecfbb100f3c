using FluentAssertions;
using Harness.Provisioning;
using Harness.Testcontainers;
using Npgsql;
using Xunit;

namespace Harness.Tests.Provisioning;

public sealed class TestcontainersProviderTests
{
    [Fact]
    public void The_image_is_pinned()
    {
        TestcontainersProvider.DefaultImage.Should().Be("postgres:15.8-alpine");
        new TestcontainersProvider().Image.Should().Be(TestcontainersProvider.DefaultImage);
        new TestcontainersProvider("postgres:16.4-alpine").Image.Should().Be("postgres:16.4-alpine");
    }

    [Fact]
    public async Task Starts_a_container_when_a_Docker_engine_answers()
    {
        var ct = TestContext.Current.CancellationToken;
        var probe = new DockerProbe();
        Assert.SkipUnless(
            await probe.IsAvailableAsync(ct),
            $"No Docker engine answered at {probe.Endpoint ?? "DOCKER_HOST or /var/run/docker.sock"}; the Testcontainers provider needs one.");

        var server = await new TestcontainersProvider().StartAsync(ct);
        await using (server)
        {
            server.ProviderName.Should().Be("testcontainers");
            server.IsHarnessOwned.Should().BeTrue();
            server.Description.Should().Contain("postgres:15.8-alpine").And.Contain("PostgreSQL 15.8");
            await using var connection = new NpgsqlConnection(server.AdminConnectionString);
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand("SELECT current_setting('max_connections')", connection);
            (await command.ExecuteScalarAsync(ct)).Should().Be("200");
        }
    }

    [Fact]
    public async Task Without_a_Docker_engine_the_start_fails_with_advice()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.SkipWhen(await new DockerProbe().IsAvailableAsync(ct), "A Docker engine answers here, so a failed start cannot be shown.");

        var failure = await new TestcontainersProvider().Invoking(p => p.StartAsync(ct)).Should().ThrowAsync<ProvisioningException>();

        failure.Which.Message.Should().Contain("postgres:15.8-alpine").And.Contain("Docker").And.Contain("--postgres local");
    }
}
