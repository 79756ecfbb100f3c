using Harness.Load;
using Harness.Targets;
using Harness.Targets.Credentials;

namespace Harness.Scenarios.Soak;

/// <summary>
/// The soak's streams: per neighbour one per phase at its steady rate, the noisy tenant's flood (cycling through churn
/// tenants when asked), each tenant on its own HttpClient and connection pool when the app is reached over the network.
/// Disposing releases the clients it created.
/// </summary>
internal sealed class SoakLoad : IDisposable
{
    /// <summary>A neighbour's requests outstanding at once before arrivals are dropped (and the run is saturated).</summary>
    public const int NeighbourInFlight = 64;

    /// <summary>The noisy tenant's requests outstanding at once.</summary>
    public const int NoisyInFlight = 512;

    private readonly List<HttpClient> owned = [];

    private SoakLoad()
    {
    }

    public IReadOnlyList<LoadStream> Streams { get; private set; } = [];

    public static async Task<SoakLoad> CreateAsync(
        SoakOptions options, SoakTenants tenants, IReadOnlyList<TenantPrincipal> churn, TargetContext target, int seed, CancellationToken cancellationToken)
    {
        var load = new SoakLoad();
        try
        {
            var client = new TargetClient(target.Target, target.Credentials);
            var method = new HttpMethod(options.Endpoint!.Split(' ', 2)[0]);
            var phases = options.Phases;
            var streams = new List<LoadStream>();
            var streamSeed = seed;
            ArrivalSchedule Schedule(double rate, TimeSpan duration)
            {
                var schedule = ArrivalSchedule.Constant(rate, duration);
                return options.Poisson ? schedule.WithPoisson(unchecked(streamSeed++)) : schedule;
            }

            foreach (var neighbour in tenants.Neighbours)
            {
                var credential = await client.CredentialForAsync(neighbour.Principal, cancellationToken);
                var send = HttpLoadTarget.Create(load.ClientFor(target.Target, NeighbourInFlight), () => Request(method, neighbour.Path, credential));
                streams.Add(new LoadStream(neighbour.StreamName, SoakPhases.BaselineName, Schedule(options.Rate, phases.Baseline), send, NeighbourInFlight));
                streams.Add(new LoadStream(neighbour.StreamName, SoakPhases.FloodName, Schedule(options.Rate, phases.Flood), send, NeighbourInFlight, phases.FloodStart));
                streams.Add(new LoadStream(neighbour.StreamName, SoakPhases.RecoveryName, Schedule(options.Rate, phases.Recovery), send, NeighbourInFlight, phases.FloodEnd));
            }

            if (tenants.Noisy is { } noisy)
            {
                var http = load.ClientFor(target.Target, NoisyInFlight);
                var own = await client.CredentialForAsync(noisy.Principal, cancellationToken);
                Func<CancellationToken, Task<int>> send;
                if (churn.Count > 0)
                {
                    var credentials = new Credential[churn.Count];
                    for (var i = 0; i < churn.Count; i++)
                    {
                        credentials[i] = await client.CredentialForAsync(churn[i], cancellationToken);
                    }

                    var next = -1;
                    send = HttpLoadTarget.Create(http, () =>
                        Request(method, noisy.Path, credentials[(int)((uint)Interlocked.Increment(ref next) % (uint)credentials.Length)]));
                }
                else
                {
                    send = HttpLoadTarget.Create(http, () => Request(method, noisy.Path, own));
                }

                streams.Add(new LoadStream(noisy.StreamName, SoakPhases.FloodName, Schedule(options.Noisy, phases.Flood), send, NoisyInFlight, phases.FloodStart));
            }

            load.Streams = streams;
            return load;
        }
        catch
        {
            load.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Sends each stream's request twice before the measured run, so opening connections and the first calls' compilation
    /// are not measured as the baseline's latency and send lag. What they answer is ignored.
    /// </summary>
    public async Task WarmUpAsync(CancellationToken cancellationToken)
    {
        foreach (var send in Streams.Select(s => s.SendAsync).Distinct())
        {
            for (var i = 0; i < 2; i++)
            {
                try
                {
                    await send(cancellationToken);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    // A failure here shows again, measured, in the run.
                }
            }
        }
    }

    public void Dispose()
    {
        foreach (var client in owned)
        {
            client.Dispose();
        }

        owned.Clear();
    }

    /// <summary>A client of the tenant's own (own pool) over the network; in-process, the target's only client.</summary>
    private HttpClient ClientFor(IRunningTarget target, int connections)
    {
        if (!target.OverNetwork)
        {
            return target.Client;
        }

        var client = new HttpClient(HttpLoadTarget.CreateHandler(connections), disposeHandler: true)
        {
            BaseAddress = target.BaseAddress,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        owned.Add(client);
        return client;
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, Credential credential)
    {
        var request = new HttpRequestMessage(method, new Uri(path.TrimStart('/'), UriKind.Relative));
        credential.ApplyTo(request);
        return request;
    }
}
