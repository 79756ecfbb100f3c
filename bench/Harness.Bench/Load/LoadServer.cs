using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Harness.Bench.Load;

/// <summary>
/// <c>Harness.Bench load-server [--port 0] [--stall-after S] [--stall-seconds 1]</c>: the cheap endpoint the load benchmark
/// drives, in its own process. <c>GET /</c> answers 200 "ok"; with <c>--stall-after</c>, every request arriving in the window
/// [first request + S, + stall seconds) is held until the window ends (a planted stall, like wrk2's ^Z demonstration).
/// Loopback only. Prints <c>listening http://127.0.0.1:port</c> once ready and stops when its standard input closes
/// (the benchmark exited) or on SIGTERM.
/// </summary>
internal static class LoadServer
{
    public const string ReadyPrefix = "listening ";

    public static async Task<int> RunAsync(string[] args)
    {
        var port = Arguments.Int(args, "--port", 0);
        var stall = Arguments.Value(args, "--stall-after") is { } after
            ? new PlantedStall(TimeSpan.FromSeconds(double.Parse(after, CultureInfo.InvariantCulture)), TimeSpan.FromSeconds(Arguments.Double(args, "--stall-seconds", 1)))
            : null;

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, port);
        });
        await using var app = builder.Build();
        app.MapGet("/", async context =>
        {
            if (stall is not null)
            {
                await stall.WaitAsync(context.RequestAborted);
            }

            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync("ok", context.RequestAborted);
        });

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Console.WriteLine(ReadyPrefix + address);
        Console.Out.Flush();

        // The benchmark holds our standard input open; when it exits (even killed), the pipe closes and we stop.
        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        _ = Task.Run(async () =>
        {
            await Console.In.ReadToEndAsync();
            lifetime.StopApplication();
        });
        await app.WaitForShutdownAsync();
        if (stall is not null)
        {
            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"load-server: {stall.Stalled} requests held by the planted stall"));
        }

        return 0;
    }

    /// <summary>Holds every request that arrives within one window, counted from the first request, until the window ends.</summary>
    private sealed class PlantedStall(TimeSpan after, TimeSpan length)
    {
        private long firstRequest;
        private long stalled;

        public long Stalled => Interlocked.Read(ref stalled);

        public async Task WaitAsync(CancellationToken cancellationToken)
        {
            var now = TimeProvider.System.GetTimestamp();
            Interlocked.CompareExchange(ref firstRequest, now, 0);
            var sinceFirst = TimeProvider.System.GetElapsedTime(Interlocked.Read(ref firstRequest), now);
            if (sinceFirst >= after && sinceFirst < after + length)
            {
                Interlocked.Increment(ref stalled);
                await Task.Delay(after + length - sinceFirst, cancellationToken);
            }
        }
    }
}
