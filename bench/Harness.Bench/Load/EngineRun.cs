using Harness.Load;

namespace Harness.Bench.Load;

/// <summary>One constant-rate engine run and what the benchmark reads from it.</summary>
internal sealed record EngineMeasure(double TargetRate, StreamResult Stream, LoadResult Result, CpuUse Cpu)
{
    /// <summary>2xx answers per second of the schedule: the rate the target actually served.</summary>
    public double Achieved => Stream.Statuses.Success / Stream.Duration.TotalSeconds;

    /// <summary>Achieved over target, minus one.</summary>
    public double Deviation => (Achieved / TargetRate) - 1;

    /// <summary>Served within 1 % of the target, nothing dropped at the in-flight cap, every request answered 2xx.</summary>
    public bool Kept => Math.Abs(Deviation) <= 0.01 && Stream.Dropped == 0 && Stream.Statuses.Success == Stream.Sent;

    /// <summary><see cref="Kept"/>, and the engine's own verdict is not saturated (send lag p99 within its bound too).</summary>
    public bool KeptUnsaturated => Kept && !Result.Saturated;
}

/// <summary>Runs the engine as its users do: <see cref="ArrivalSchedule.Constant"/>, one <see cref="LoadStream"/>, <see cref="HttpLoadTarget"/>.</summary>
internal sealed class EngineRun(Uri url, int connections, int? serverPid, TimeSpan? spinWindow) : IDisposable
{
    private readonly SocketsHttpHandler handler = HttpLoadTarget.CreateHandler(connections);

    public int Connections => connections;

    public async Task<EngineMeasure> ConstantAsync(double rate, TimeSpan duration, CancellationToken cancellationToken, int maxInFlight = 256, Action<LoadInterval>? onInterval = null)
    {
        // One pool across the benchmark's runs (warm connections), as a soak keeps one per tenant.
        // The engine times requests out itself (LoadOptions.RequestTimeout); HttpClient's own timeout would add a timer per request.
        using var client = new HttpClient(handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
        var send = HttpLoadTarget.Create(client, () => new HttpRequestMessage(HttpMethod.Get, url));
        var stream = new LoadStream("bench", "constant", ArrivalSchedule.Constant(rate, duration), send, maxInFlight);
        var before = CpuMeter.Sample(serverPid);
        var result = await LoadEngine.RunAsync([stream], new LoadOptions { OnInterval = onInterval, SpinWindow = spinWindow ?? new LoadOptions().SpinWindow }, cancellationToken);
        return new EngineMeasure(rate, result.Streams[0], result, CpuMeter.Sample(serverPid) - before);
    }

    public void Dispose() => handler.Dispose();
}
