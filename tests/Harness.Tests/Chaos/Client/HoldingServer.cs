using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Harness.Tests.Chaos.Client;

/// <summary>
/// A tiny HTTP server on a free loopback port: every request (<c>GET /?i=N</c>) is held until its client goes away, then
/// written down as abandoned, or answered 200 after <see cref="Hold"/> when the client is still there.
/// </summary>
internal sealed class HoldingServer : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly ConcurrentDictionary<int, bool> abandoned = new();
    private readonly Task accepting;

    public HoldingServer(TimeSpan hold)
    {
        Hold = hold;
        listener.Start();
        accepting = AcceptAsync();
    }

    public TimeSpan Hold { get; }

    public Uri Address => new($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");

    /// <summary>The requests whose client went away before the answer (a client gone before its request head arrived is not among them).</summary>
    public IReadOnlyList<int> Abandoned => [.. abandoned.Keys.Order()];

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        try
        {
            await accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            var client = await listener.AcceptTcpClientAsync(stop.Token);
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var request = await ReadHeadAsync(stream);
                var number = int.Parse(request.Split(' ')[1].Split("i=")[1], CultureInfo.InvariantCulture);

                // After its head a GET sends nothing more: a read that ends means the client closed the connection.
                var gone = stream.ReadAsync(new byte[1], stop.Token).AsTask();
                var answered = Task.Delay(Hold, stop.Token);
                if (await Task.WhenAny(gone, answered) == gone)
                {
                    abandoned[number] = true;
                    return;
                }

                await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"u8.ToArray(), stop.Token);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
            {
                // The client reset the connection (also a way of going away) or the server stops.
            }
        }
    }

    private async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        var head = new StringBuilder();
        var buffer = new byte[1024];
        while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, stop.Token);
            if (read == 0)
            {
                throw new IOException("the client closed before its request head");
            }

            head.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        return head.ToString();
    }
}
