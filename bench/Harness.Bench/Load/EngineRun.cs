using Harness.Load;

namespace Harness.Bench.Load;

/// <summary>One constant-rate engine run and what the benchmark reads from it.</summary>
internal sealed record EngineMeasure(double TargetRate, StreamResult Stream, LoadResult Result, CpuUse Cpu)
{
    /// <summary>2xx answers per second of the schedule: the rate the target actually served.</summary>
    public double Achieved => Stream.Statuses.Success / Stream.Duration.TotalSeconds;

    /// <summary>Achieved over target, minus one.</summary>
    public double Deviation => (Achieved / TargetRate) - 1;

    /// <summary>Within 1 % of the target, not saturated, and no request lost.</summary>
    public bool Kept => Math.Abs(Deviation) <= 0.01 && !Result.Saturated && Stream.Statuses.Success == Stream.Sent;
}

/// <summary>Runs the engine as its users do: <see cref="ArrivalSchedule.Constant"/>, one <see cref="LoadStream"/>, <see cref="HttpLoadTarget"/>.</summary>
internal sealed class EngineRun(Uri url, int connections, int? serverPid) : IDisposable
{
    private readonly SocketsHttpHandler handler = HttpLoadTarget.CreateHandler(connections);

    public int Connections => connections;

    public async Task<EngineMeasure> ConstantAsync(double rate, TimeSpan duration, CancellationToken cancellationToken, int maxInFlight = 256, Action<LoadInterval>? onInterval = null)
    {
        // One pool across the benchmark's runs (warm connections), as a soak keeps one per tenant.
        using var client = new HttpClient(handler, disposeHandler: false);
        var send = HttpLoadTarget.Create(client, () => new HttpRequestMessage(HttpMethod.Get, url));
        var stream = new LoadStream("bench", "constant", ArrivalSchedule.Constant(rate, duration), send, maxInFlight);
        var before = CpuMeter.Sample(serverPid);
        var result = await LoadEngine.RunAsync([stream], new LoadOptions { OnInterval = onInterval }, cancellationToken);
        return new EngineMeasure(rate, result.Streams[0], result, CpuMeter.Sample(serverPid) - before);
    }

    public void Dispose() => handler.Dispose();
}
