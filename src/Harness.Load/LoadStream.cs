namespace Harness.Load;

/// <summary>
/// One open-model stream: its requests go out at the <see cref="Schedule"/>'s intended times (shifted by
/// <see cref="StartOffset"/> from the run's start) whatever the target answers, at most <see cref="MaxInFlight"/> at a
/// time. <see cref="SendAsync"/> sends one request and returns its HTTP status code, so the engine does not depend on
/// HTTP (see <see cref="HttpLoadTarget"/>); it is invoked on the stream's scheduler loop, so any synchronous work in it
/// delays the next send and shows up as send lag.
/// </summary>
/// <param name="Name">What the stream stands for, e.g. a tenant.</param>
/// <param name="Phase">The phase it belongs to (baseline, flood, recovery...); results are per name and phase.</param>
/// <param name="Schedule">The intended start times.</param>
/// <param name="SendAsync">Sends one request and returns its status code; it should honour the token (request timeout, drain).</param>
/// <param name="MaxInFlight">Requests of this stream outstanding at once; an arrival beyond it is dropped and the run is saturated.</param>
/// <param name="StartOffset">When the stream starts, relative to the run's start (phases one after another).</param>
public sealed record LoadStream(
    string Name,
    string Phase,
    ArrivalSchedule Schedule,
    Func<CancellationToken, Task<int>> SendAsync,
    int MaxInFlight = 256,
    TimeSpan StartOffset = default)
{
    /// <summary>The stream's key in results and histogram logs: <c>name/phase</c>.</summary>
    public string Key => $"{Name}/{Phase}";
}
