using System.Net;
using System.Net.Sockets;
using FluentAssertions;
using Harness.Processes;

namespace Harness.Tests.Processes;

public sealed class FreePortTests
{
    [Fact]
    public void A_picked_port_is_released_for_the_child_to_bind()
    {
        var port = FreePort.Pick();

        port.Should().BeInRange(1, 65535);
        using var listener = new TcpListener(IPAddress.Loopback, port);
        var bind = () => listener.Start();
        bind.Should().NotThrow();
    }
}
