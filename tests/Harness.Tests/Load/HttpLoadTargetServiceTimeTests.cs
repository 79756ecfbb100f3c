using System.Net;
using FluentAssertions;
using Harness.Load;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Harness.Tests.Load;

/// <summary>
/// Over real HTTP with one pooled connection: a request that stalls 600 ms holds the connection, so the ~60 arrivals
/// behind it wait in the client's pool. They were handed to the client on time, so only the send marked on the
/// connection (<see cref="ActualSend"/>) keeps that wait out of service time; corrected latency keeps it in.
/// </summary>
public sealed class HttpLoadTargetServiceTimeTests
{
    [Fact]
    public async Task Waiting_for_a_pooled_connection_counts_in_corrected_latency_and_not_in_service_time()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var requests = 0;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        await using var app = builder.Build();
        app.MapGet("/", async context =>
        {
            if (Interlocked.Increment(ref requests) == 20)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(600), context.RequestAborted);
            }

            await context.Response.WriteAsync("ok", context.RequestAborted);
        });
        await app.StartAsync(cancellationToken);
        var url = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

        using var handler = HttpLoadTarget.CreateHandler(maxConnections: 1);
        using var client = new HttpClient(handler) { BaseAddress = url };
        var stream = new LoadStream("tenant-a", "stall", ArrivalSchedule.Constant(100, TimeSpan.FromSeconds(2)), HttpLoadTarget.Create(client, () => new HttpRequestMessage(HttpMethod.Get, "/")));

        var result = await LoadEngine.RunAsync([stream], new LoadOptions { DrainTimeout = TimeSpan.FromSeconds(5) }, cancellationToken);

        var measured = result["tenant-a/stall"];
        measured.Statuses.Success.Should().Be(200);
        measured.Latency.P99.Should().BeGreaterThanOrEqualTo(400_000, "the arrivals queued behind the stall waited for the connection");
        measured.ServiceTime.Max.Should().BeGreaterThanOrEqualTo(500_000, "the stalled request itself is slow either way");
        measured.ServiceTime.P99.Should().BeLessThan(400_000, "once on the connection, the queued requests were answered at once");
        measured.SendLag.P99.Should().BeLessThan(300_000, "the generator handed every request to the client on time");
    }
}
