using System.Diagnostics;
using System.Globalization;
using Harness.Chaos.Proxy;
using Harness.Chaos.Server;
using Harness.Provisioning;
using Npgsql;

namespace Harness.Scenarios.Chaos;

/// <summary>
/// Sets off the schedule's faults at their times while the tenants' requests run: proxy faults are armed for one spacing
/// (and disarmed if nothing reached their point), backends are terminated from the admin connection, the client side cancels
/// requests, one tenant bursts to hold every pooled connection, the server restarts when the run has it to itself. Every fault
/// done is recorded with what came of it.
/// </summary>
internal sealed class FaultDriver(
    ChaosTopology topology, ChaosSender sender, IReadOnlyList<ChaosTenant> tenants, ChaosObservations observations,
    string adminConnectionString, TimeSpan every, IRestartableServer? server)
{
    private int restarting;

    /// <summary>Sets off <paramref name="schedule"/>, its times counted from <paramref name="faultsStart"/> on <paramref name="clock"/>.</summary>
    public async Task RunAsync(IReadOnlyList<ScheduledFault> schedule, Stopwatch clock, TimeSpan faultsStart, CancellationToken cancellationToken)
    {
        var pending = new List<Task>();
        foreach (var fault in schedule)
        {
            var wait = faultsStart + fault.At - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }

            pending.Add(RunOneAsync(fault, clock, cancellationToken));
        }

        await Task.WhenAll(pending);
    }

    private async Task RunOneAsync(ScheduledFault fault, Stopwatch clock, CancellationToken cancellationToken)
    {
        var at = clock.Elapsed;
        string outcome;
        try
        {
            outcome = fault.Kind switch
            {
                FaultKind.TerminateBackend => await TerminateAsync(fault, cancellationToken),
                FaultKind.ClientCancel => CancelRequests(),
                FaultKind.PoolExhaustion => await BurstAsync(fault, cancellationToken),
                FaultKind.Restart => await RestartAsync(cancellationToken),
                _ => await ArmAsync(fault, cancellationToken),
            };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            outcome = "stopped";
        }

        observations.Fault(new FaultDone(fault, at, outcome));
    }

    private async Task<string> ArmAsync(ScheduledFault fault, CancellationToken cancellationToken)
    {
        var armed = new ArmedFault(fault.Kind)
        {
            SqlState = fault.SqlState,
            Duration = every,
            Toxicity = 0.5,
        };
        var handle = topology.AppSide.Arm(armed);
        var window = Task.Delay(every, cancellationToken);
        var done = await Task.WhenAny(handle.Fired, window);
        if (done == handle.Fired)
        {
            var fired = await handle.Fired;
            return $"fired on connection {fired.Connection}: {fired.Detail}";
        }

        handle.Disarm();
        cancellationToken.ThrowIfCancellationRequested();
        return "not reached: no connection came to its point in time";
    }

    private async Task<string> TerminateAsync(ScheduledFault fault, CancellationToken cancellationToken)
    {
        // The backend serving a connection that is inside a transaction, the chosen tenant's when one is.
        var tenantId = tenants[fault.Tenant].Principal.TenantId;
        // Transactions are short: watch the proxy's connections for one spacing until one is inside a transaction.
        ProxiedConnection? victim = null;
        var until = Stopwatch.GetTimestamp() + (long)(every.TotalSeconds * Stopwatch.Frequency);
        while (victim is null && Stopwatch.GetTimestamp() < until)
        {
            var busy = topology.ServerView.Connections().Where(c => c.InTransaction && c.BackendPid is not null).ToList();
            victim = busy.FirstOrDefault(c => c.ContextValue?.Contains(tenantId, StringComparison.OrdinalIgnoreCase) == true) ?? busy.FirstOrDefault();
            if (victim is null)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(5), cancellationToken);
            }
        }

        // Only backends the proxy serves: they belong to this run's app, never to another family's or anyone else's session.
        if (victim?.BackendPid is not { } target)
        {
            return "not reached: no backend of the app was inside a transaction";
        }

        bool terminated;
        try
        {
            terminated = await BackendTerminator.TerminateAsync(adminConnectionString, target, cancellationToken);
        }
        catch (NpgsqlException e)
        {
            // The server restarting under another fault of the schedule.
            return $"not reached: the server did not answer ({e.Message})";
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"{(terminated ? "terminated" : "could not terminate")} backend {target}{(victim?.ContextValue is { } value ? $" (tenant context {value})" : "")}");
    }

    private async Task<string> RestartAsync(CancellationToken cancellationToken)
    {
        if (server is null)
        {
            return "not reached: the server is not the harness's own or other families share it; run --scenarios chaos alone on the harness's cluster to restart it";
        }

        if (Interlocked.Exchange(ref restarting, 1) == 1)
        {
            return "not reached: the server is restarting already";
        }

        try
        {
            var started = Stopwatch.GetTimestamp();
            await server.RestartAsync(cancellationToken);
            // The harness's own idle admin connections died with the server; the app's are the app's to notice.
            await using (var connection = new NpgsqlConnection(adminConnectionString))
            {
                NpgsqlConnection.ClearPool(connection);
            }

            return string.Create(CultureInfo.InvariantCulture,
                $"restarted the server (pg_ctl restart -m fast): every connection cut, back after {Stopwatch.GetElapsedTime(started).TotalSeconds:0.00}s");
        }
        finally
        {
            Volatile.Write(ref restarting, 0);
        }
    }

    private string CancelRequests()
    {
        if (!sender.CanCancel)
        {
            return "not reached: the app runs in-process, so no client of the harness's own can cut its requests";
        }

        sender.CancelRequestsFor(every / 2);
        return "the client cancels some requests in flight (Polly chaos behaviour)";
    }

    private async Task<string> BurstAsync(ScheduledFault fault, CancellationToken cancellationToken)
    {
        // One tenant holds every pooled connection for a moment: many requests at once, bounded.
        var tenant = tenants[fault.Tenant];
        var burst = Enumerable.Range(0, 32).Select(_ => sender.ReadAsync(tenant, "chaos", cancellationToken));
        var statuses = await Task.WhenAll(burst);
        return string.Create(CultureInfo.InvariantCulture, $"tenant {tenant.Index} sent 32 requests at once: {statuses.Count(s => s is >= 200 and < 500)} answered");
    }
}
