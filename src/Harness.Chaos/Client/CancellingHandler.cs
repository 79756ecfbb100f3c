using Polly;
using Polly.Simmy;
using Polly.Simmy.Behavior;

namespace Harness.Chaos.Client;

/// <summary>
/// An HTTP handler that cancels chosen requests while they are in flight: a Polly chaos behavior strategy picks each
/// request with <see cref="ClientCancellationOptions.InjectionRate"/> (its randomizer seeded), and a picked request is
/// cancelled after a random delay in [0, <see cref="ClientCancellationOptions.MaxDelay"/>]: its connection is closed, so
/// the server sees the client go away mid-request. Such a request ends with <see cref="ClientCancelledException"/>; one
/// whose response headers came back before its delay completes (the cut came too late). The draws are made in the order
/// requests are sent, two per request whether it is picked or not, so the same seed picks the same requests (by position)
/// with the same delays, whatever the timing.
/// </summary>
public sealed class CancellingHandler : DelegatingHandler
{
    private static readonly ResiliencePropertyKey<bool> PickedKey = new("harness.chaos.client-cancel");

    // Polly's randomizer takes no argument: the draw for the request being decided flows to it with the call.
    private readonly AsyncLocal<Draw?> current = new();
    private readonly Lock gate = new();
    private readonly Random random;
    private readonly ResiliencePipeline pipeline;
    private long sent;
    private long picked;
    private long cancelled;

    public CancellingHandler(ClientCancellationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
#pragma warning disable CA5394 // Chaos draws, not security: a seeded generator is the point.
        random = new Random(options.Seed);
#pragma warning restore CA5394
        pipeline = new ResiliencePipelineBuilder()
            .AddChaosBehavior(new ChaosBehaviorStrategyOptions
            {
                InjectionRate = options.InjectionRate,
                Randomizer = () => current.Value?.Chance ?? 1.0,
                BehaviorGenerator = static arguments =>
                {
                    arguments.Context.Properties.Set(PickedKey, true);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    public CancellingHandler(ClientCancellationOptions options, HttpMessageHandler innerHandler)
        : this(options)
    {
        InnerHandler = innerHandler;
    }

    public ClientCancellationOptions Options { get; }

    /// <summary>Requests sent through the handler.</summary>
    public long Sent => Interlocked.Read(ref sent);

    /// <summary>Requests picked for cancellation.</summary>
    public long Picked => Interlocked.Read(ref picked);

    /// <summary>Picked requests that were in flight when cancelled (each ended with <see cref="ClientCancelledException"/>).</summary>
    public long Cancelled => Interlocked.Read(ref cancelled);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var draw = Next();
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            current.Value = draw;
            return await pipeline.ExecuteAsync(
                static (context, state) => state.Handler.SendDrawnAsync(state.Request, state.Draw, context.Properties.GetValue(PickedKey, false), context.CancellationToken),
                context,
                (Handler: this, Request: request, Draw: draw));
        }
        finally
        {
            current.Value = null;
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async ValueTask<HttpResponseMessage> SendDrawnAsync(HttpRequestMessage request, Draw draw, bool isPicked, CancellationToken cancellationToken)
    {
        if (!isPicked)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        Interlocked.Increment(ref picked);
        var delay = Options.MaxDelay * draw.DelayShare;
        using var cut = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cut.CancelAfter(delay);
        try
        {
            return await base.SendAsync(request, cut.Token);
        }
        catch (OperationCanceledException e) when (cut.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            Interlocked.Increment(ref cancelled);
            throw new ClientCancelledException(request.Method.Method, request.RequestUri, draw.Request, delay, e);
        }
    }

    private Draw Next()
    {
        lock (gate)
        {
#pragma warning disable CA5394 // Chaos draws, not security.
            return new Draw(Interlocked.Increment(ref sent), random.NextDouble(), random.NextDouble());
#pragma warning restore CA5394
        }
    }

    /// <summary>One request's draws: its position, the chance compared with the injection rate, and its share of the longest delay.</summary>
    private sealed record Draw(long Request, double Chance, double DelayShare);
}
