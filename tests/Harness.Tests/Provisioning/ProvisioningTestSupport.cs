using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Harness.Tests.Provisioning;

/// <summary>A scratch folder under /tmp for one test (reachable by the postgres OS user); deleted on dispose.</summary>
public sealed class ScratchRoot : IDisposable
{
    public ScratchRoot()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"harness-test-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public IReadOnlyList<string> ClusterFolders() =>
        Directory.EnumerateDirectories(Path, "harness-pg-*").ToList();

    public void Dispose()
    {
        foreach (var pid in ProcessProbe.Mentioning(Path))
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill();
            }
            catch (ArgumentException)
            {
            }
        }

        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>Looks at running processes and ports, independently of the code under test.</summary>
public static class ProcessProbe
{
    /// <summary>Ids of processes (other than this one) whose command line contains <paramref name="text"/>.</summary>
    public static IReadOnlyList<int> Mentioning(string text)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(System.IO.Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                if (File.ReadAllText(System.IO.Path.Combine(dir, "cmdline")).Replace('\0', ' ').Contains(text, StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return found;
    }

    /// <summary>True when nothing accepts TCP connections on 127.0.0.1:<paramref name="port"/>.</summary>
    public static async Task<bool> PortRefusesAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            return false;
        }
        catch (SocketException)
        {
            return true;
        }
    }

    /// <summary>The id of a process that has exited (so no longer exists).</summary>
    public static int DeadPid()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        process.WaitForExit();
        return process.Id;
    }
}

/// <summary>A stand-in Docker engine on a unix socket: answers every request with a fixed HTTP response, or never answers.</summary>
public sealed class FakeDockerEngine : IAsyncDisposable
{
    private readonly Socket listener;
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;
    private readonly string directory;

    public FakeDockerEngine(bool answer)
    {
        directory = Path.Combine(Path.GetTempPath(), $"harness-fake-docker-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        SocketPath = Path.Combine(directory, "docker.sock");
        listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
        listener.Listen(8);
        loop = AcceptAsync(answer, stop.Token);
    }

    public string SocketPath { get; }

    public string DockerHost => "unix://" + SocketPath;

    public int Requests { get; private set; }

    private async Task AcceptAsync(bool answer, CancellationToken cancellationToken)
    {
        var held = new List<Socket>();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var client = await listener.AcceptAsync(cancellationToken);
                Requests++;
                if (!answer)
                {
                    held.Add(client); // Accept, then stay silent.
                    continue;
                }

                using (client)
                {
                    var buffer = new byte[4096];
                    var request = new StringBuilder();
                    while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                    {
                        var read = await client.ReceiveAsync(buffer, cancellationToken);
                        if (read == 0)
                        {
                            break;
                        }

                        request.Append(Encoding.ASCII.GetString(buffer, 0, read));
                    }

                    var ok = request.ToString().StartsWith("GET /_ping ", StringComparison.Ordinal);
                    var response = ok
                        ? "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nOK"
                        : "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
                    await client.SendAsync(Encoding.ASCII.GetBytes(response), cancellationToken);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
        }
        finally
        {
            foreach (var socket in held)
            {
                socket.Dispose();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Dispose();
        await loop;
        stop.Dispose();
        Directory.Delete(directory, recursive: true);
    }
}
