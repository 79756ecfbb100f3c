using FluentAssertions;
using Harness.Processes;
using Harness.Provisioning;
using Harness.Tests.Infrastructure;
using Npgsql;
using Xunit;

namespace Harness.Tests.Provisioning;

public sealed class ExternalServerProviderTests(PostgresFixture fixture)
{
    [Fact]
    public async Task Connects_to_an_existing_server_and_leaves_it_alone_on_dispose()
    {
        var ct = TestContext.Current.CancellationToken;
        var provider = new ExternalServerProvider(fixture.AdminConnectionString);

        var server = await provider.StartAsync(ct);
        server.ProviderName.Should().Be("external");
        server.IsHarnessOwned.Should().BeFalse();
        server.Description.Should().StartWith("external server ").And.Contain("PostgreSQL ");
        await server.DisposeAsync();

        await using var connection = new NpgsqlConnection(server.AdminConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        (await command.ExecuteScalarAsync(ct)).Should().Be(1, "disposing an external server must not stop it");
    }

    [Fact]
    public async Task A_server_that_does_not_answer_gives_host_port_and_database_but_not_the_password()
    {
        var ct = TestContext.Current.CancellationToken;
        var port = ClosedPort();
        const string password = "Sup3r-Secret-Pw";
        var provider = new ExternalServerProvider($"Host=127.0.0.1;Port={port};Username=alice;Password={password};Database=nope;Timeout=3");

        var failure = await provider.Invoking(p => p.StartAsync(ct)).Should().ThrowAsync<ProvisioningException>();

        failure.Which.Message.Should().Contain($"127.0.0.1:{port}").And.Contain("database 'nope'").And.Contain("user 'alice'");
        failure.Which.ToString().Should().NotContain(password);
    }

    [Fact]
    public async Task A_server_error_is_passed_on()
    {
        var ct = TestContext.Current.CancellationToken;
        var missing = new NpgsqlConnectionStringBuilder(fixture.AdminConnectionString) { Database = "harness_no_such_database" };
        var provider = new ExternalServerProvider(missing.ConnectionString);

        var failure = await provider.Invoking(p => p.StartAsync(ct)).Should().ThrowAsync<ProvisioningException>();

        failure.Which.Message.Should().Contain("database 'harness_no_such_database'").And.Contain("3D000").And.Contain("does not exist");
    }

    private static int ClosedPort() => FreePort.Pick();
}
