namespace Harness.Load;

/// <summary>Builds a stream's send delegate from an HttpClient: one request from the factory, the body read to the end, the status code returned.</summary>
public static class HttpLoadTarget
{
    /// <summary>
    /// A delegate that sends <paramref name="createRequest"/>'s request on <paramref name="client"/>. Give each tenant
    /// its own client (and handler, <see cref="CreateHandler"/>) so one tenant's connection pool never queues another's.
    /// </summary>
    public static Func<CancellationToken, Task<int>> Create(HttpClient client, Func<HttpRequestMessage> createRequest)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(createRequest);
        return async cancellationToken =>
        {
            using var request = createRequest();
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
            return (int)response.StatusCode;
        };
    }

    /// <summary>
    /// A handler with its own pool of at most <paramref name="maxConnections"/> connections and no proxy, whose
    /// connections mark each HTTP/1.1 request's actual send (<see cref="ActualSend"/>) when it is written: a request
    /// queued for a free connection counts its wait in corrected latency and not in service time.
    /// </summary>
    public static SocketsHttpHandler CreateHandler(int maxConnections) => new()
    {
        MaxConnectionsPerServer = maxConnections,
        UseProxy = false,
        AllowAutoRedirect = false,
        UseCookies = false,
        PlaintextStreamFilter = (context, _) => ValueTask.FromResult<Stream>(new SendMarkingStream(context.PlaintextStream)),
    };
}
