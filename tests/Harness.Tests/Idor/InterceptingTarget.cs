using Harness.Targets;

namespace Harness.Tests.Idor;

/// <summary>
/// A target host around another whose requests pass through <paramref name="intercept"/> first: it may change the request,
/// or throw as a network failure would, to put the probes in situations a real app gets into (a request that breaks off, a
/// tenant setting that stays on a pooled connection).
/// </summary>
internal sealed class InterceptingTarget(ITargetHost inner, Action<HttpRequestMessage> intercept) : ITargetHost
{
    public string Description => $"{inner.Description} (intercepted)";

    public async Task<IRunningTarget> StartAsync(TargetDatabase database, CancellationToken cancellationToken = default) =>
        new Running(await inner.StartAsync(database, cancellationToken), intercept);

    private sealed class Running(IRunningTarget inner, Action<HttpRequestMessage> intercept) : IRunningTarget
    {
        public Uri BaseAddress => inner.BaseAddress;

        public HttpClient Client { get; } = new(new Forwarding(inner.Client, intercept)) { BaseAddress = inner.Client.BaseAddress ?? inner.BaseAddress };

        public string Description => inner.Description;

        public string RecentOutput => inner.RecentOutput;

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await inner.DisposeAsync();
        }
    }

    private sealed class Forwarding(HttpClient inner, Action<HttpRequestMessage> intercept) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            intercept(request);
            // A message goes out once: the inner client gets a copy (the content is shared, it is read once).
            var copy = new HttpRequestMessage(request.Method, request.RequestUri) { Content = request.Content, Version = request.Version };
            foreach (var header in request.Headers)
            {
                copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            return inner.SendAsync(copy, cancellationToken);
        }
    }
}
