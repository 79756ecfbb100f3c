using System.Globalization;
using System.Net.Sockets;

namespace Harness.Chaos.Proxy;

/// <summary>
/// Where the proxy connects upstream: a TCP host and port, or (libpq's convention) an absolute directory holding the
/// server's Unix socket <c>.s.PGSQL.&lt;port&gt;</c>, which spares a local server's hop the loopback TCP stack.
/// </summary>
internal static class UpstreamEndpoint
{
    public static bool IsUnixSocket(PgProxyOptions options) => options.UpstreamHost.StartsWith('/');

    public static Socket NewSocket(PgProxyOptions options) => IsUnixSocket(options)
        ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
        : new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };

    public static void Connect(Socket socket, PgProxyOptions options)
    {
        if (IsUnixSocket(options))
        {
            socket.Connect(new UnixDomainSocketEndPoint(SocketPath(options)));
        }
        else
        {
            socket.Connect(options.UpstreamHost, options.UpstreamPort);
        }
    }

    public static string SocketPath(PgProxyOptions options) =>
        Path.Combine(options.UpstreamHost, string.Create(CultureInfo.InvariantCulture, $".s.PGSQL.{options.UpstreamPort}"));
}
