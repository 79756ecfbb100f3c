using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Harness.Targets;

namespace Harness.Tests.Soak;

/// <summary>
/// A small in-process app for the soak: every request's bearer token is its tenant id, and a token bucket decides whether it
/// is answered 200 or 429. <see cref="Kind.PerTenant"/> gives each tenant its own bucket (clean), <see cref="Kind.Global"/>
/// one bucket for all (a noisy tenant starves the others), <see cref="Kind.GrowingState"/> per-tenant buckets kept
/// forever and scanned on every request, so each new tenant id makes every answer slower. It records the paths each
/// tenant asked for.
/// </summary>
internal sealed class TenantApp(TenantApp.Kind kind, double perSecond, double burst) : ITargetHost
{
    public enum Kind
    {
        PerTenant,
        Global,
        GrowingState,
    }

    /// <summary>Per tenant id, the paths it requested.</summary>
    public ConcurrentDictionary<string, ConcurrentBag<string>> Paths { get; } = new(StringComparer.Ordinal);

    public string Description => $"in-process {kind} limiter app";

    /// <summary>Tenants whose state the app has kept.</summary>
    public int TenantsSeen => buckets.Count;

    private readonly ConcurrentDictionary<string, Bucket> buckets = new(StringComparer.Ordinal);
    private readonly Bucket global = new(burst);

    public Task<IRunningTarget> StartAsync(TargetDatabase database, CancellationToken cancellationToken = default) =>
        Task.FromResult<IRunningTarget>(new Running(new HttpClient(new Handler(this)) { BaseAddress = new Uri("http://soak.test/") }));

    private async Task<HttpResponseMessage> AnswerAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var tenant = request.Headers.Authorization?.Parameter ?? "";
        Paths.GetOrAdd(tenant, _ => []).Add(request.RequestUri!.AbsolutePath);
        var bucket = kind == Kind.Global ? global : buckets.GetOrAdd(tenant, _ => new Bucket(burst));
        if (kind == Kind.GrowingState)
        {
            // State that is never evicted and costs every request in proportion to its size (1 ms per 5 tenants).
            await Task.Delay(TimeSpan.FromMilliseconds(buckets.Count / 5.0), cancellationToken);
        }
        else
        {
            await Task.Yield();
        }

        return new HttpResponseMessage(bucket.TryTake(perSecond, burst) ? HttpStatusCode.OK : HttpStatusCode.TooManyRequests) { Content = new StringContent("[]") };
    }

    private sealed class Bucket(double tokens)
    {
        private readonly Lock gate = new();
        private double available = tokens;
        private long last = Stopwatch.GetTimestamp();

        public bool TryTake(double perSecond, double capacity)
        {
            lock (gate)
            {
                var now = Stopwatch.GetTimestamp();
                available = Math.Min(capacity, available + (Stopwatch.GetElapsedTime(last, now).TotalSeconds * perSecond));
                last = now;
                if (available < 1)
                {
                    return false;
                }

                available--;
                return true;
            }
        }
    }

    private sealed class Handler(TenantApp app) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            app.AnswerAsync(request, cancellationToken);
    }

    private sealed class Running(HttpClient client) : IRunningTarget
    {
        public Uri BaseAddress => client.BaseAddress!;

        public HttpClient Client => client;

        public string Description => "in-process soak app";

        public string RecentOutput => "";

        public bool OverNetwork => false;

        public ValueTask DisposeAsync()
        {
            client.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
