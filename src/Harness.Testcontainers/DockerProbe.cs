using System.IO.Pipes;
using System.Net.Sockets;

namespace Harness.Provisioning;

/// <summary>
/// Tells whether a Docker engine answers, by sending <c>GET /_ping</c> to it with a short timeout.
/// The endpoint comes from <c>DOCKER_HOST</c> (unix://, tcp://, npipe://), else the usual local sockets.
/// Having the docker client installed is not enough: an engine must answer.
/// </summary>
public sealed class DockerProbe
{
    /// <summary>How long a ping may take before the engine counts as absent.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(1.5);

    private readonly string? dockerHost;
    private readonly TimeSpan timeout;

    /// <summary>A probe for the engine named by the <c>DOCKER_HOST</c> environment variable, or the default local socket.</summary>
    public DockerProbe()
        : this(Environment.GetEnvironmentVariable("DOCKER_HOST"), DefaultTimeout)
    {
    }

    /// <param name="dockerHost">A DOCKER_HOST value (unix:///path, tcp://host:port, npipe:////./pipe/name), or null for the default sockets.</param>
    /// <param name="timeout">How long the ping may take.</param>
    public DockerProbe(string? dockerHost, TimeSpan timeout)
    {
        this.dockerHost = string.IsNullOrWhiteSpace(dockerHost) ? null : dockerHost.Trim();
        this.timeout = timeout;
    }

    /// <summary>The endpoint that would be pinged, for messages ("unix:///var/run/docker.sock"), or null when there is none.</summary>
    public string? Endpoint => ResolveEndpoint()?.Display;

    /// <summary>True only when a Docker engine answered the ping in time. Never throws; a cancelled call answers false.</summary>
    public async Task<bool> IsAvailableAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var endpoint = ResolveEndpoint();
            if (endpoint is null || (endpoint.UnixSocket is { } path && !File.Exists(path)))
            {
                return false;
            }

            using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeoutSource.CancelAfter(timeout);
            if (endpoint.TlsTcp)
            {
                // A TLS engine wants client certificates for HTTP; an accepted TCP connection is taken as an answer.
                using var client = new TcpClient();
                await client.ConnectAsync(endpoint.BaseUri!.DnsSafeHost, endpoint.BaseUri.Port, timeoutSource.Token);
                return true;
            }

            using var handler = new SocketsHttpHandler { UseProxy = false, ConnectTimeout = timeout };
            if (endpoint.UnixSocket is { } socketPath)
            {
                handler.ConnectCallback = (_, token) => ConnectUnixAsync(socketPath, token);
            }
            else if (endpoint.PipeName is { } pipeName)
            {
                handler.ConnectCallback = (_, token) => ConnectPipeAsync(pipeName, token);
            }

            using var http = new HttpClient(handler) { Timeout = timeout };
            var uri = new Uri(endpoint.BaseUri ?? new Uri("http://docker/"), "/_ping");
            using var response = await http.GetAsync(uri, timeoutSource.Token);
            return response.IsSuccessStatusCode;
        }
        catch (Exception)
        {
            return false;
        }
    }

    private Target? ResolveEndpoint()
    {
        if (dockerHost is not null)
        {
            return Parse(dockerHost);
        }

        if (OperatingSystem.IsWindows())
        {
            return new Target("npipe:////./pipe/docker_engine") { PipeName = "docker_engine" };
        }

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var runtimeDir = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
        string?[] candidates =
        [
            "/var/run/docker.sock",
            string.IsNullOrEmpty(runtimeDir) ? null : Path.Combine(runtimeDir, "docker.sock"),
            string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".docker", "run", "docker.sock"),
            string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".docker", "desktop", "docker.sock"),
        ];
        var socket = candidates.FirstOrDefault(p => p is not null && File.Exists(p));
        return socket is null ? null : new Target("unix://" + socket) { UnixSocket = socket };
    }

    private static Target? Parse(string value)
    {
        if (value.StartsWith("unix://", StringComparison.OrdinalIgnoreCase))
        {
            return new Target(value) { UnixSocket = value["unix://".Length..] };
        }

        if (value.StartsWith("npipe://", StringComparison.OrdinalIgnoreCase))
        {
            var name = value.TrimEnd('/').Split('/').Last();
            return new Target(value) { PipeName = name };
        }

        if (value.StartsWith("tcp://", StringComparison.OrdinalIgnoreCase)
            || value.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
            || value.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            var uri = new Uri(value.StartsWith("tcp://", StringComparison.OrdinalIgnoreCase) ? "http://" + value["tcp://".Length..] : value);
            var tls = uri.Scheme == Uri.UriSchemeHttps
                || (Environment.GetEnvironmentVariable("DOCKER_TLS_VERIFY") is { Length: > 0 } verify && verify != "0");
            var port = uri.IsDefaultPort ? (tls ? 2376 : 2375) : uri.Port;
            return new Target(value) { BaseUri = new UriBuilder(uri) { Port = port, Path = "/" }.Uri, TlsTcp = tls };
        }

        return null;
    }

    private static async ValueTask<Stream> ConnectUnixAsync(string path, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async ValueTask<Stream> ConnectPipeAsync(string pipeName, CancellationToken cancellationToken)
    {
        var pipe = new NamedPipeClientStream(".", pipeName, PipeDirection.InOut, PipeOptions.Asynchronous);
        try
        {
            await pipe.ConnectAsync(cancellationToken);
            return pipe;
        }
        catch
        {
            await pipe.DisposeAsync();
            throw;
        }
    }

    private sealed record Target(string Display)
    {
        public string? UnixSocket { get; init; }

        public string? PipeName { get; init; }

        /// <summary>The engine's http:// base address, for tcp:// and http(s):// endpoints.</summary>
        public Uri? BaseUri { get; init; }

        public bool TlsTcp { get; init; }
    }
}
