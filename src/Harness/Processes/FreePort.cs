using System.Net;
using System.Net.Sockets;

namespace Harness.Processes;

/// <summary>Picks a loopback port nobody listens on (the OS chooses; the port is released for a child process to bind).</summary>
public static class FreePort
{
    public static int Pick()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
