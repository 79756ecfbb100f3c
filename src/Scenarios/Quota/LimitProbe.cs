using System.Globalization;
using Harness.Load;
using Harness.Manifest;
using Harness.Targets.Credentials;
using Harness.Targets;

namespace Harness.Scenarios.Quota;

/// <summary>
/// Probes one declared limit, each step as its own tenants so probes never share a bucket (only a global bucket does, which
/// is what the neighbour step finds): a control request; a flood of 2x the limit within a quarter of the window (8x when
/// never throttled); a neighbour's few requests while the noisy tenant is throttled; polls until the noisy tenant is
/// admitted again (the observed reset, against the advertised Retry-After); fast bursts right after that reset and on a
/// fresh tenant (the effective limit); a flood carrying another tenant's id in headers and query. Every flood is bounded in
/// count and time; the load engine sends it open-model, so the target's answers never slow the offered rate.
/// </summary>
internal sealed class LimitProbe(QuotaSender sender, QuotaRequests requests, QuotaLimit limit, LimitRoles roles, QuotaOptions options, string tenantKey)
{
    /// <summary>No flood sends more than this many requests, whatever the limit.</summary>
    public const int MaxFloodRequests = 4000;

    /// <summary>No flood is offered faster than this (requests/s): about what the engine keeps on 2 cores over HTTP.</summary>
    public const double MaxRate = 2000;

    private int sent;

    public async Task<LimitObservations> RunAsync(CancellationToken cancellationToken)
    {
        var observations = new LimitObservations(limit, roles);
        var (request, problem) = requests.For(limit.Probe, roles.Noisy);
        if (request is null)
        {
            return observations with { NotCovered = problem };
        }

        var control = await SendAsync(roles.Noisy, request, cancellationToken);
        observations = observations with { Request = request, Control = control, Requests = sent };
        if (!control.IsSuccess)
        {
            return observations with
            {
                NotCovered = Inv($"the control request {request} as {Name(roles.Noisy)} answered {control.Status} before any flood, so throttling cannot be told apart; ")
                    + (Throttling.IsThrottled(control) ? "its window may still hold earlier requests (run the quota checks on their own, or with a shorter window)" : "check the endpoint answers a seeded user with 2xx"),
            };
        }

        var floods = new List<Flood> { await FloodAsync(roles.Noisy, request, Math.Min(2 * limit.Capacity, MaxFloodRequests), cancellationToken) };
        if (floods[0].Throttled.Count == 0 && floods[0].Offered < MaxFloodRequests)
        {
            floods.Add(await FloodAsync(roles.Noisy, request, Math.Min(8 * limit.Capacity, MaxFloodRequests), cancellationToken));
        }

        observations = observations with { Floods = floods, Requests = sent };
        if (floods.All(f => f.Throttled.Count == 0))
        {
            return observations;
        }

        observations = await NeighbourAsync(observations, cancellationToken);
        observations = await PollAsync(observations, request, cancellationToken);
        observations = await BurstsAsync(observations, request, cancellationToken);
        observations = await SpoofAsync(observations, request, cancellationToken);
        return observations with { Requests = sent };
    }

    /// <summary>How many requests the neighbour, the victim and the bystander send: well under their own limit.</summary>
    private int FewRequests => Math.Clamp(limit.Capacity / 4, 1, 5);

    private async Task<LimitObservations> NeighbourAsync(LimitObservations observations, CancellationToken cancellationToken)
    {
        if (!limit.Key.Separable)
        {
            return observations with { NeighbourNotCovered = "keyed by ip: every request of the harness comes from loopback, so a neighbour cannot have a bucket of its own" };
        }

        var (request, problem) = requests.For(limit.Probe, roles.Neighbour);
        if (request is null)
        {
            return observations with { NeighbourNotCovered = problem };
        }

        var answers = await SequenceAsync(roles.Neighbour, request, FewRequests, cancellationToken);
        return observations with
        {
            Neighbour = answers,
            NeighbourRequest = request,
            NeighbourNotCovered = answers.All(a => a.IsRefusal) ? Inv($"the neighbour's own requests were refused ({answers[0].Status})") : null,
        };
    }

    private async Task<LimitObservations> PollAsync(LimitObservations observations, TargetRequest request, CancellationToken cancellationToken)
    {
        var interval = Clamp(limit.Window / 20, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(250));
        var deadline = sender.Now + options.MaxWait;
        var polls = new List<QuotaAnswer>();
        while (true)
        {
            var answer = await SendAsync(roles.Noisy, request, cancellationToken);
            polls.Add(answer);
            if (answer.IsSuccess)
            {
                return observations with { Polls = polls, Requests = sent };
            }

            if (!Throttling.IsThrottled(answer))
            {
                return observations with { Polls = polls, Requests = sent, PollNotCovered = Inv($"a poll answered {answer.Status}, which is not throttling") };
            }

            if (answer.RetryAfter?.Delay is { } advertised && sender.Now + advertised > deadline + TimeSpan.FromSeconds(1))
            {
                return observations with
                {
                    Polls = polls,
                    Requests = sent,
                    PollNotCovered = Inv($"the advertised Retry-After ({advertised.TotalSeconds:0} s) ends after maxWait ({DurationText.Format(options.MaxWait)}); raise quota.maxWait to judge it"),
                };
            }

            if (sender.Now + interval > deadline)
            {
                return observations with
                {
                    Polls = polls,
                    Requests = sent,
                    PollNotCovered = Inv($"{Name(roles.Noisy)} was still throttled {DurationText.Format(options.MaxWait)} (maxWait) after its flood; the window ({DurationText.Format(limit.Window)}) may be longer than maxWait"),
                };
            }

            await Task.Delay(interval, cancellationToken);
        }
    }

    private async Task<LimitObservations> BurstsAsync(LimitObservations observations, TargetRequest request, CancellationToken cancellationToken)
    {
        var bursts = new List<Burst>();
        if (observations.Reset is not null)
        {
            // Right after the observed reset: a fresh window on the noisy tenant's own bucket (the admitting poll counts).
            bursts.Add(new Burst(roles.Noisy, "right after its observed reset", await BurstAsync(roles.Noisy, request, cancellationToken), 1));
        }

        if (roles.Fresh is { } fresh && requests.For(limit.Probe, fresh).Request is { } freshRequest)
        {
            bursts.Add(new Burst(fresh, "on a bucket it had not used", await BurstAsync(fresh, freshRequest, cancellationToken), 0));
        }

        return observations with { Bursts = bursts, Requests = sent };
    }

    private async Task<LimitObservations> SpoofAsync(LimitObservations observations, TargetRequest request, CancellationToken cancellationToken)
    {
        if (limit.Key.Kind is not (QuotaKeyKind.Tenant or QuotaKeyKind.User))
        {
            return observations with { SpoofNotCovered = $"keyed by {limit.Key}: only a tenant or user key can be taken from a client-supplied tenant id" };
        }

        if (roles.Victim is not { } victim || roles.Bystander is not { } bystander)
        {
            return observations with { SpoofNotCovered = "needs at least 3 seeded tenants (the flooder, the tenant it names and a control)" };
        }

        var (victimRequest, problem) = requests.For(limit.Probe, victim);
        var bystanderRequest = requests.For(limit.Probe, bystander).Request;
        if (victimRequest is null || bystanderRequest is null)
        {
            return observations with { SpoofNotCovered = problem ?? "the control tenant's request could not be made" };
        }

        var headers = TenantInputs.HeaderNames(tenantKey).Select(h => KeyValuePair.Create(h, victim.TenantId)).ToList();
        if (limit.Key.Kind == QuotaKeyKind.User)
        {
            headers.Add(KeyValuePair.Create("X-User-Id", victim.UserId));
        }

        var query = string.Join("&", TenantInputs.QueryNames(tenantKey).Select(n => $"{n}={Uri.EscapeDataString(victim.TenantId)}"));
        var spoofed = request with
        {
            PathAndQuery = request.PathAndQuery + (request.PathAndQuery.Contains('?', StringComparison.Ordinal) ? "&" : "?") + query,
            Headers = [.. request.Headers ?? [], .. headers],
        };
        var flood = await FloodAsync(roles.Noisy, spoofed, Math.Min(2 * limit.Capacity, MaxFloodRequests), cancellationToken);
        // The named tenant and the control take turns, so both meet the buckets in the same state: with one shared bucket both
        // are throttled alike, where a control sent after all the named tenant's requests could find it refilled (a false
        // spoofable key on a slow machine).
        var victimAnswers = new List<QuotaAnswer>();
        var bystanderAnswers = new List<QuotaAnswer>();
        for (var i = 0; i < FewRequests; i++)
        {
            victimAnswers.Add(await SendAsync(victim, victimRequest, cancellationToken));
            bystanderAnswers.Add(await SendAsync(bystander, bystanderRequest, cancellationToken));
        }

        return observations with { Spoofed = new Spoof(spoofed, flood, victimAnswers, bystanderAnswers, victimRequest), Requests = sent };
    }

    /// <summary>
    /// <paramref name="count"/> requests offered evenly within a quarter of the window (at least 100 ms, at most 2 s, and no
    /// faster than <see cref="MaxRate"/>), open-model: each goes out at its time whatever the earlier ones answered.
    /// </summary>
    private async Task<Flood> FloodAsync(TenantPrincipal who, TargetRequest request, int count, CancellationToken cancellationToken)
    {
        var duration = Clamp(limit.Window / 4, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2));
        var answers = await OfferAsync(who, request, count, duration, "flood", cancellationToken);
        return new Flood(count, duration, answers);
    }

    /// <summary>2x the limit as fast as the window allows: within a twentieth of it (50 ms to 1 s), so little refills meanwhile.</summary>
    private Task<IReadOnlyList<QuotaAnswer>> BurstAsync(TenantPrincipal who, TargetRequest request, CancellationToken cancellationToken)
    {
        var count = Math.Min(Math.Max(2 * limit.Capacity, 2), MaxFloodRequests);
        return OfferAsync(who, request, count, Clamp(limit.Window / 20, TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(1)), "burst", cancellationToken);
    }

    private async Task<IReadOnlyList<QuotaAnswer>> OfferAsync(
        TenantPrincipal who, TargetRequest request, int count, TimeSpan duration, string phase, CancellationToken cancellationToken)
    {
        if (count / duration.TotalSeconds > MaxRate)
        {
            duration = TimeSpan.FromSeconds(count / MaxRate);
        }

        // The credential is issued before the clock starts, so no request of the flood waits for it.
        await sender.Client.CredentialForAsync(who, cancellationToken);
        var log = new AnswerLog(count);
        var stream = new LoadStream(
            who.TenantId,
            phase,
            ArrivalSchedule.Constant(count / duration.TotalSeconds, duration + TimeSpan.FromMilliseconds(1), count),
            async token =>
            {
                var answer = await sender.SendAsync(who, request, token).ConfigureAwait(false);
                log.Add(answer);
                return answer.Status;
            },
            MaxInFlight: 64);
        var result = await LoadEngine.RunAsync(
            [stream],
            new LoadOptions { MaxLagP99 = TimeSpan.FromSeconds(1), RequestTimeout = TimeSpan.FromSeconds(10), DrainTimeout = TimeSpan.FromSeconds(10) },
            cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        var answers = log.InSendOrder();
        Interlocked.Add(ref sent, (int)result.Streams[0].Sent);
        var failed = result.Streams[0].Statuses;
        if (answers.Count == 0 && failed.Errors + failed.Timeouts > 0)
        {
            throw new HttpRequestException(Inv($"all {failed.Errors + failed.Timeouts} requests of a {phase} as {Name(who)} failed without an answer"));
        }

        return answers;
    }

    private async Task<IReadOnlyList<QuotaAnswer>> SequenceAsync(TenantPrincipal who, TargetRequest request, int count, CancellationToken cancellationToken)
    {
        var answers = new List<QuotaAnswer>();
        for (var i = 0; i < count; i++)
        {
            answers.Add(await SendAsync(who, request, cancellationToken));
        }

        return answers;
    }

    private async Task<QuotaAnswer> SendAsync(TenantPrincipal who, TargetRequest request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref sent);
        return await sender.SendAsync(who, request, cancellationToken);
    }

    private static TimeSpan Clamp(TimeSpan value, TimeSpan min, TimeSpan max) => value < min ? min : value > max ? max : value;

    internal static string Name(TenantPrincipal principal) => principal.TenantName;

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
