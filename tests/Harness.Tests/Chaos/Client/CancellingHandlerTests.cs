using FluentAssertions;
using Harness.Chaos.Client;
using Harness.Tests.Processes;

namespace Harness.Tests.Chaos.Client;

/// <summary>
/// Client cancellation through Polly's chaos behavior: a picked request is cut while the server holds it (the server
/// sees its client go away) and ends with <see cref="ClientCancelledException"/>, the others complete, and the same seed
/// picks the same requests with the same delays.
/// </summary>
public sealed class CancellingHandlerTests
{
    private const int Requests = 16;
    private static readonly TimeSpan MaxDelay = TimeSpan.FromMilliseconds(100);

    // Long enough that a request still answered is one the handler did not cut, short enough to keep the test quick.
    private static readonly TimeSpan Hold = TimeSpan.FromSeconds(3);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_picked_request_is_cut_in_flight_and_the_others_complete()
    {
        await using var server = new HoldingServer(Hold);
        var handler = new CancellingHandler(new ClientCancellationOptions { InjectionRate = 0.5, MaxDelay = MaxDelay, Seed = 7 }, new SocketsHttpHandler());

        var outcomes = await SendAllAsync(server, handler);

        var cancelled = outcomes.Where(o => o.Value is not null).ToDictionary(o => o.Key, o => o.Value!);
        var completed = outcomes.Where(o => o.Value is null).Select(o => o.Key).ToList();
        cancelled.Should().NotBeEmpty().And.HaveCountLessThan(Requests, "half the requests are picked on average");
        cancelled.Should().OnlyContain(c => c.Value.Request == c.Key && c.Value.Delay <= MaxDelay && c.Value.Method == "GET");
        completed.Should().NotBeEmpty();
        handler.Sent.Should().Be(Requests);
        handler.Picked.Should().Be(cancelled.Count);
        handler.Cancelled.Should().Be(cancelled.Count);

        // Cut after its head reached the server, a request is seen abandoned there; one cut sooner may never have arrived.
        var arrived = cancelled.Where(c => c.Value.Delay >= TimeSpan.FromMilliseconds(20)).Select(c => c.Key).ToList();
        (await ProcessGroupProbe.EventuallyAsync(() => !arrived.Except(server.Abandoned).Any(), TimeSpan.FromSeconds(10), Token))
            .Should().BeTrue("the server sees the client of each cut request go away");
        server.Abandoned.Should().BeSubsetOf(cancelled.Keys, "a request the handler did not pick keeps its client");
    }

    [Fact]
    public async Task The_same_seed_picks_the_same_requests_with_the_same_delays()
    {
        var runs = new List<IReadOnlyList<(long Request, TimeSpan Delay)>>();
        for (var run = 0; run < 2; run++)
        {
            await using var server = new HoldingServer(Hold);
            var handler = new CancellingHandler(new ClientCancellationOptions { InjectionRate = 0.3, MaxDelay = MaxDelay, Seed = 42 }, new SocketsHttpHandler());
            var outcomes = await SendAllAsync(server, handler);
            runs.Add([.. outcomes.Values.OfType<ClientCancelledException>().Select(e => (e.Request, e.Delay)).OrderBy(p => p.Request)]);
        }

        runs[0].Should().NotBeEmpty().And.Equal(runs[1]);
    }

    [Fact]
    public void An_injection_rate_outside_zero_to_one_is_refused()
    {
        var create = () => new CancellingHandler(new ClientCancellationOptions { InjectionRate = 1.5 });

        create.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("InjectionRate");
    }

    /// <summary>Sends requests 1..N at once, in order; each one's outcome: null when it completed, else how it was cancelled.</summary>
    private static async Task<IReadOnlyDictionary<int, ClientCancelledException?>> SendAllAsync(HoldingServer server, CancellingHandler handler)
    {
        using var client = new HttpClient(handler) { BaseAddress = server.Address };
        var sends = Enumerable.Range(1, Requests).Select(i => (Number: i, Task: client.GetAsync($"?i={i}", Token))).ToList();
        var outcomes = new Dictionary<int, ClientCancelledException?>();
        foreach (var (number, task) in sends)
        {
            try
            {
                using var response = await task;
                response.EnsureSuccessStatusCode();
                outcomes[number] = null;
            }
            catch (ClientCancelledException e)
            {
                outcomes[number] = e;
            }
        }

        return outcomes;
    }
}
