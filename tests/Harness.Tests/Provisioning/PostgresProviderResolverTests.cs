using FluentAssertions;
using Harness.Provisioning;
using Harness.Testcontainers;
using Npgsql;
using Xunit;

namespace Harness.Tests.Provisioning;

public sealed class PostgresProviderResolverTests
{
    private static readonly DockerProbe NoDocker = new("unix:///nonexistent/harness/docker.sock", TimeSpan.FromSeconds(1));

    [Fact]
    public async Task Auto_on_this_machine_picks_what_the_Docker_probe_allows_and_says_why()
    {
        var ct = TestContext.Current.CancellationToken;
        var dockerAnswers = await new DockerProbe().IsAvailableAsync(ct);

        var resolution = await new PostgresProviderResolver(() => new TestcontainersProvider()).ResolveAsync("auto", ct);

        if (dockerAnswers)
        {
            resolution.Provider.Should().BeOfType<TestcontainersProvider>();
            resolution.Explanation.Should().StartWith("auto: a Docker engine answered");
        }
        else
        {
            resolution.Provider.Should().BeOfType<LocalClusterProvider>();
            resolution.Explanation.Should().Be("auto: no Docker engine answered; using a local cluster");
        }
    }

    [Fact]
    public async Task Auto_without_Docker_picks_a_local_cluster()
    {
        var resolution = await new PostgresProviderResolver(() => new TestcontainersProvider(), dockerProbe: NoDocker)
            .ResolveAsync("auto", TestContext.Current.CancellationToken);

        resolution.Provider.Should().BeOfType<LocalClusterProvider>();
        resolution.Provider.Name.Should().Be("local");
        resolution.Explanation.Should().Be("auto: no Docker engine answered; using a local cluster");
    }

    [Fact]
    public async Task Auto_with_an_answering_engine_picks_the_container_provider()
    {
        await using var engine = new FakeDockerEngine(answer: true);
        var probe = new DockerProbe(engine.DockerHost, TimeSpan.FromSeconds(2));

        var resolution = await new PostgresProviderResolver(() => new TestcontainersProvider(), dockerProbe: probe)
            .ResolveAsync(null, TestContext.Current.CancellationToken);

        resolution.Provider.Should().BeOfType<TestcontainersProvider>();
        resolution.Explanation.Should().Be($"auto: a Docker engine answered at {engine.DockerHost}; using Testcontainers");
    }

    [Fact]
    public async Task Auto_without_container_support_picks_local_even_with_Docker()
    {
        await using var engine = new FakeDockerEngine(answer: true);
        var resolution = await new PostgresProviderResolver(null, dockerProbe: new DockerProbe(engine.DockerHost, TimeSpan.FromSeconds(2)))
            .ResolveAsync("AUTO", TestContext.Current.CancellationToken);

        resolution.Provider.Should().BeOfType<LocalClusterProvider>();
        resolution.Explanation.Should().Contain("no container support");
    }

    [Fact]
    public async Task Local_resolves_to_the_local_cluster_provider()
    {
        var resolution = await new PostgresProviderResolver(null, dockerProbe: NoDocker).ResolveAsync(" local ", TestContext.Current.CancellationToken);

        resolution.Provider.Should().BeOfType<LocalClusterProvider>();
    }

    [Fact]
    public async Task Testcontainers_without_Docker_or_without_support_says_what_to_do()
    {
        var ct = TestContext.Current.CancellationToken;

        var noEngine = await new PostgresProviderResolver(() => new TestcontainersProvider(), dockerProbe: NoDocker)
            .Invoking(r => r.ResolveAsync("testcontainers", ct)).Should().ThrowAsync<ProvisioningException>();
        noEngine.Which.Message.Should().Contain("Docker").And.Contain("/nonexistent/harness/docker.sock")
            .And.Contain("--postgres local");

        var noSupport = await new PostgresProviderResolver(null, dockerProbe: NoDocker)
            .Invoking(r => r.ResolveAsync("testcontainers", ct)).Should().ThrowAsync<ProvisioningException>();
        noSupport.Which.Message.Should().Contain("no container support");
    }

    [Fact]
    public async Task A_connection_string_resolves_to_the_external_provider_without_echoing_the_password()
    {
        var resolution = await new PostgresProviderResolver(null, dockerProbe: NoDocker)
            .ResolveAsync("Host=db.internal;Port=6543;Username=alice;Password=hunter2-secret;Database=app", TestContext.Current.CancellationToken);

        resolution.Provider.Should().BeOfType<ExternalServerProvider>();
        resolution.Explanation.Should().Be("connection string: using the existing server at db.internal:6543, database 'app' as user 'alice'");
    }

    [Fact]
    public async Task A_postgres_uri_resolves_to_the_external_provider()
    {
        var resolution = await new PostgresProviderResolver(null, dockerProbe: NoDocker)
            .ResolveAsync("postgres://alice:pw@db.internal/app", TestContext.Current.CancellationToken);

        resolution.Provider.Should().BeOfType<ExternalServerProvider>();
        resolution.Explanation.Should().Contain("db.internal:5432, database 'app'").And.NotContain("pw@");
    }

    [Theory]
    [InlineData("dockerr")]
    [InlineData("locall")]
    [InlineData("postgress://alice:topsecret@db/app")]
    public async Task Garbage_lists_the_valid_values(string value)
    {
        var failure = await new PostgresProviderResolver(null, dockerProbe: NoDocker)
            .Invoking(r => r.ResolveAsync(value, TestContext.Current.CancellationToken)).Should().ThrowAsync<ProvisioningException>();

        failure.Which.Message.Should().Contain("auto, local, testcontainers, or a connection string")
            .And.Contain("postgresql://").And.NotContain("topsecret");
    }

    [Fact]
    public void Uris_are_converted_to_the_Npgsql_form()
    {
        var converted = new NpgsqlConnectionStringBuilder(PostgresConnectionString.Normalize(
            "postgresql://al%40ice:s%3Acret@db.example.com:6543/my%20app?sslmode=verify-full&application_name=harness&connect_timeout=7"));

        converted.Host.Should().Be("db.example.com");
        converted.Port.Should().Be(6543);
        converted.Username.Should().Be("al@ice");
        converted.Password.Should().Be("s:cret");
        converted.Database.Should().Be("my app");
        converted.SslMode.Should().Be(SslMode.VerifyFull);
        converted.ApplicationName.Should().Be("harness");
        converted.Timeout.Should().Be(7);

        var ipv6 = new NpgsqlConnectionStringBuilder(PostgresConnectionString.Normalize("postgres://[::1]:5433/db"));
        ipv6.Host.Should().Be("::1");
        ipv6.Port.Should().Be(5433);
    }

    [Fact]
    public void A_bad_uri_parameter_is_reported_without_the_password()
    {
        var act = () => PostgresConnectionString.Normalize("postgresql://bob:very-secret@host/db?no_such_param=1");

        act.Should().Throw<ProvisioningException>()
            .Which.Message.Should().Contain("no_such_param").And.NotContain("very-secret");
    }
}
