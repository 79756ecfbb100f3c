using System.Diagnostics;
using FluentAssertions;
using Harness.Processes;
using Harness.Provisioning;
using Xunit;

namespace Harness.Tests.Provisioning;

public sealed class DockerProbeTests
{
    [Fact]
    public async Task A_missing_socket_is_no_engine_and_answers_at_once()
    {
        var clock = Stopwatch.StartNew();

        var available = await new DockerProbe("unix:///nonexistent/harness/docker.sock", TimeSpan.FromSeconds(2))
            .IsAvailableAsync(TestContext.Current.CancellationToken);

        available.Should().BeFalse();
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task The_default_probe_answers_within_its_timeout()
    {
        var clock = Stopwatch.StartNew();

        await new DockerProbe().IsAvailableAsync(TestContext.Current.CancellationToken);

        clock.Elapsed.Should().BeLessThan(DockerProbe.DefaultTimeout + TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task A_closed_tcp_port_is_no_engine()
    {
        var port = FreePort.Pick();

        var available = await new DockerProbe($"tcp://127.0.0.1:{port}", TimeSpan.FromSeconds(2)).IsAvailableAsync(TestContext.Current.CancellationToken);

        available.Should().BeFalse();
    }

    [Fact]
    public async Task An_engine_answering_the_ping_is_available()
    {
        await using var engine = new FakeDockerEngine(answer: true);

        var available = await new DockerProbe(engine.DockerHost, TimeSpan.FromSeconds(2)).IsAvailableAsync(TestContext.Current.CancellationToken);

        available.Should().BeTrue();
        engine.Requests.Should().Be(1);
    }

    [Fact]
    public async Task A_socket_that_never_answers_is_no_engine_after_the_timeout()
    {
        await using var engine = new FakeDockerEngine(answer: false);

        var available = await new DockerProbe(engine.DockerHost, TimeSpan.FromMilliseconds(300)).IsAvailableAsync(TestContext.Current.CancellationToken);

        available.Should().BeFalse();
    }
}
