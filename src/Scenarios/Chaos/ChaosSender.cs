using System.Diagnostics;
using Harness.Probing;
using Harness.Targets;

namespace Harness.Scenarios.Chaos;

/// <summary>
/// Sends a tenant's requests and judges each answer on the spot: any answer (a success, an error page) that carries another
/// tenant's canary or seeded id is a leak. A 429 is an answer like any other; a failed or cut request counts as failed.
/// </summary>
internal sealed class ChaosSender(TargetClient client, HttpClient http, LeakScanner scanner, ChaosObservations observations, Stopwatch clock)
{
    /// <summary>Requests the client side cancels on purpose while this is in the future (the client-cancel fault).</summary>
    private long cancelUntilTicks;
    private int cancelDraws;
    private readonly Random cancelRandom = new(0);

    public TimeSpan Elapsed => clock.Elapsed;

    /// <summary>Cancel requests in flight for <paramref name="window"/>, each after a delay drawn from <paramref name="seed"/>.</summary>
    public void CancelRequestsFor(TimeSpan window) => Interlocked.Exchange(ref cancelUntilTicks, (clock.Elapsed + window).Ticks);

    public Task<int> ReadAsync(ChaosTenant tenant, string phase, CancellationToken cancellationToken) =>
        SendAsync(tenant, tenant.NextRead(), phase, cancellationToken);

    public async Task<int> SendAsync(ChaosTenant tenant, ChaosRead read, string phase, CancellationToken cancellationToken)
    {
        var counts = observations.Phase(phase);
        using var cancelled = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var injected = clock.Elapsed.Ticks < Interlocked.Read(ref cancelUntilTicks);
        if (injected)
        {
            cancelled.CancelAfter(CancelDelay());
        }

        try
        {
            var credential = await client.CredentialForAsync(tenant.Principal, cancelled.Token);
            using var message = client.CreateMessage(read.Request, credential);
            using var response = await http.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancelled.Token);
            var body = await response.Content.ReadAsStringAsync(cancelled.Token);
            var status = (int)response.StatusCode;
            counts.Count(status);
            var leaks = scanner.Scan(body, tenant.Index, read.Request.PathAndQuery);
            if (leaks.Count > 0)
            {
                observations.Leak(new LeakSeen(tenant.Index, read.Route, read.Request.ToString(), status, leaks, phase, clock.Elapsed));
            }

            return status;
        }
        catch (OperationCanceledException) when (injected && !cancellationToken.IsCancellationRequested)
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

    private TimeSpan CancelDelay()
    {
        lock (cancelRandom)
        {
            cancelDraws++;
            return TimeSpan.FromMilliseconds(cancelRandom.Next(1, 50));
        }
    }
}
