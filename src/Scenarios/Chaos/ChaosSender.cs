using System.Diagnostics;
using Harness.Chaos.Client;
using Harness.Probing;
using Harness.Targets;

namespace Harness.Scenarios.Chaos;

/// <summary>
/// Sends a tenant's requests and judges each answer on the spot: any answer (a success, an error page) that carries another
/// tenant's canary or seeded id is a leak. A 429 is an answer like any other; a failed or cut request counts as failed.
/// During a client-cancel fault, requests go through <paramref name="cancelling"/> (Polly's chaos behaviour, seeded), which
/// cancels some of them in flight; null when the app runs in-process and no client of the harness's own can reach it.
/// </summary>
internal sealed class ChaosSender(
    TargetClient client, HttpClient http, HttpClient? cancelling, LeakScanner scanner, ChaosObservations observations, Stopwatch clock)
{
    /// <summary>Requests go through the cancelling client while this is in the future (the client-cancel fault).</summary>
    private long cancelUntilTicks;

    public TimeSpan Elapsed => clock.Elapsed;

    /// <summary>Whether the client side can cancel requests in flight.</summary>
    public bool CanCancel => cancelling is not null;

    /// <summary>Send through the cancelling client for <paramref name="window"/>.</summary>
    public void CancelRequestsFor(TimeSpan window) => Interlocked.Exchange(ref cancelUntilTicks, (clock.Elapsed + window).Ticks);

    public Task<int> ReadAsync(ChaosTenant tenant, string phase, CancellationToken cancellationToken) =>
        SendAsync(tenant, tenant.NextRead(), phase, cancellationToken);

    /// <summary>Sends <paramref name="tenant"/>'s next write with a fresh marker from <paramref name="markers"/>, and records the answer.</summary>
    public async Task<int> WriteAsync(ChaosTenant tenant, WriteMarkers markers, string phase, CancellationToken cancellationToken)
    {
        var write = tenant.NextWrite();
        var marked = markers.Next(tenant.Index, write.Route, write.Creates);
        var request = new TargetRequest(write.Method, write.Path, WriteMarkers.Fill(write.Body, marked.Marker));
        marked.Status = await SendAsync(tenant, new ChaosRead(write.Route, request), phase, cancellationToken);
        return marked.Status;
    }

    public async Task<int> SendAsync(ChaosTenant tenant, ChaosRead read, string phase, CancellationToken cancellationToken)
    {
        var counts = observations.Phase(phase);
        var through = cancelling is not null && clock.Elapsed.Ticks < Interlocked.Read(ref cancelUntilTicks) ? cancelling : http;
        try
        {
            var credential = await client.CredentialForAsync(tenant.Principal, cancellationToken);
            using var message = client.CreateMessage(read.Request, credential);
            using var response = await through.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var status = (int)response.StatusCode;
            counts.Count(status);
            var leaks = scanner.Scan(body, tenant.Index, read.Request.PathAndQuery);
            if (leaks.Count > 0)
            {
                observations.Leak(new LeakSeen(tenant.Index, read.Route, read.Request.ToString(), status, leaks, phase, clock.Elapsed));
            }

            return status;
        }
        catch (ClientCancelledException)
        {
            counts.CountCancelled();
            return 499;
        }
        catch (HttpRequestException)
        {
            counts.Count(0);
            return 0;
        }
    }
}
