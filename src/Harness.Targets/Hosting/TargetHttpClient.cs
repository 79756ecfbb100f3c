using System.Net;

namespace Harness.Targets.Hosting;

/// <summary>The one pooled client a target's probes share: keep-alive, no redirects followed, no cookie jar (credentials set cookies per request).</summary>
public static class TargetHttpClient
{
    public static HttpClient Create(Uri baseAddress, int maxConnections, TimeSpan requestTimeout) =>
        new(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            MaxConnectionsPerServer = maxConnections,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            AutomaticDecompression = DecompressionMethods.All,
            ConnectTimeout = TimeSpan.FromSeconds(5),
        })
        {
            BaseAddress = baseAddress,
            Timeout = requestTimeout,
        };
}
