using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Harness.Targets;

namespace Harness.Tests.Quota;

/// <summary>How the test app's limiter counts.</summary>
public enum LimiterKind
{
    /// <summary>A fixed window per key that starts with the key's first request.</summary>
    FixedWindow,

    /// <summary>A token bucket per key, refilled continuously (limit per window), holding limit + burst.</summary>
    TokenBucket,
}

/// <summary>The flaw the test app's limiter carries, one per quota rule.</summary>
public enum QuotaFlaw
{
    None,
    NoLimit,
    GlobalBucket,
    HeaderKey,
    Status503,
    NoRetryAfter,
    MalformedRetryAfter,
    WholeWindowRetryAfter,
    UnderRetryAfter,
    FiveTimesLimit,
    StuckRateLimitFields,
}

/// <summary>
/// A minimal ASP.NET Core app on Kestrel, on a free loopback port, with one endpoint (<c>GET /items</c>) behind a
/// hand-written per-tenant limiter: the tenant comes from the bearer token (<c>tenant|user</c>), throttled answers are 429
/// with an accurate Retry-After (the time left, rounded up) unless a <see cref="QuotaFlaw"/> says otherwise.
/// </summary>
public sealed class QuotaTestApp : IRunningTarget
{
    private readonly WebApplication app;

    private QuotaTestApp(WebApplication app, Uri baseAddress)
    {
        this.app = app;
        BaseAddress = baseAddress;
        Client = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, MaxConnectionsPerServer = 64 }) { BaseAddress = baseAddress };
    }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public string Description => $"the quota test app at {BaseAddress}";

    public string RecentOutput => "";

    public static async Task<QuotaTestApp> StartAsync(
        LimiterKind kind, int limit, TimeSpan window, QuotaFlaw flaw = QuotaFlaw.None, bool rateLimitFields = false, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var limiter = new TestLimiter(kind, flaw == QuotaFlaw.FiveTimesLimit ? 5 * limit : limit, window);
        app.MapGet("/items", (HttpContext context) => Handle(context, limiter, flaw, window, rateLimitFields));
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new QuotaTestApp(app, new Uri(address.TrimEnd('/') + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private static IResult Handle(HttpContext context, TestLimiter limiter, QuotaFlaw flaw, TimeSpan window, bool rateLimitFields)
    {
        var token = context.Request.Headers.Authorization.ToString();
        if (!token.StartsWith("Bearer ", StringComparison.Ordinal) || token[7..].Split('|') is not [var tenant, var user])
        {
            return Results.StatusCode(401);
        }

        if (flaw == QuotaFlaw.NoLimit)
        {
            return Results.Ok(new { tenant, user });
        }

        var key = flaw switch
        {
            QuotaFlaw.GlobalBucket => "everyone",
            QuotaFlaw.HeaderKey when context.Request.Headers.TryGetValue("X-Tenant-Id", out var claimed) => claimed.ToString(),
            _ => tenant,
        };
        var decision = limiter.Acquire(key);
        if (rateLimitFields)
        {
            context.Response.Headers["RateLimit-Policy"] = string.Create(CultureInfo.InvariantCulture, $"\"default\";q={limiter.Limit};w={(int)window.TotalSeconds}");
            var remaining = flaw == QuotaFlaw.StuckRateLimitFields ? limiter.Limit : decision.Remaining;
            context.Response.Headers["RateLimit"] = string.Create(CultureInfo.InvariantCulture, $"\"default\";r={remaining};t={(int)Math.Ceiling(decision.Reset.TotalSeconds)}");
        }

        if (decision.Admitted)
        {
            return Results.Ok(new { tenant, user });
        }

        var left = (int)Math.Ceiling(decision.Reset.TotalSeconds);
        var retryAfter = flaw switch
        {
            QuotaFlaw.NoRetryAfter => null,
            QuotaFlaw.MalformedRetryAfter => "soon",
            QuotaFlaw.WholeWindowRetryAfter => ((int)Math.Ceiling(window.TotalSeconds)).ToString(CultureInfo.InvariantCulture),
            QuotaFlaw.UnderRetryAfter => "0",
            _ => left.ToString(CultureInfo.InvariantCulture),
        };
        if (retryAfter is not null)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        return Results.StatusCode(flaw == QuotaFlaw.Status503 ? 503 : 429);
    }
}
