using Harness.Targets;
using Harness.Targets.Credentials;

namespace Harness.Scenarios.Quota;

/// <summary>Everything one limit's probes saw, for <see cref="LimitJudge"/> to judge; nothing here is a verdict.</summary>
internal sealed record LimitObservations(QuotaLimit Limit, LimitRoles Roles)
{
    /// <summary>Why none of the limit's checks could judge (no request could be made, the control failed), or null.</summary>
    public string? NotCovered { get; init; }

    /// <summary>The noisy tenant's request to the probe endpoint.</summary>
    public TargetRequest? Request { get; init; }

    public QuotaAnswer? Control { get; init; }

    /// <summary>The noisy tenant's floods: 2x the limit, then 8x when the first was never throttled.</summary>
    public IReadOnlyList<Flood> Floods { get; init; } = [];

    /// <summary>The neighbour's few requests while the noisy tenant was throttled, or empty.</summary>
    public IReadOnlyList<QuotaAnswer> Neighbour { get; init; } = [];

    public TargetRequest? NeighbourRequest { get; init; }

    /// <summary>Why the neighbour check could not judge, or null.</summary>
    public string? NeighbourNotCovered { get; init; }

    /// <summary>The noisy tenant's polls after its flood, until one was admitted (the last) or the wait ran out.</summary>
    public IReadOnlyList<QuotaAnswer> Polls { get; init; } = [];

    /// <summary>Why polling stopped before a reset was seen, or null when one was.</summary>
    public string? PollNotCovered { get; init; }

    /// <summary>The fast bursts that measure the effective limit: the noisy tenant right after its reset, and a fresh tenant.</summary>
    public IReadOnlyList<Burst> Bursts { get; init; } = [];

    public Spoof? Spoofed { get; init; }

    /// <summary>Why the spoof check could not judge, or null.</summary>
    public string? SpoofNotCovered { get; init; }

    /// <summary>Requests sent for this limit.</summary>
    public int Requests { get; init; }

    /// <summary>The first answer the observed reset admitted: the last poll, when it was admitted.</summary>
    public QuotaAnswer? Reset => PollNotCovered is null && Polls.Count > 0 && Polls[^1].IsSuccess ? Polls[^1] : null;

    /// <summary>Every throttled answer the noisy tenant got (floods and polls).</summary>
    public IEnumerable<QuotaAnswer> Throttled => Floods.SelectMany(f => f.Throttled).Concat(Polls.Where(Throttling.IsThrottled));
}

/// <summary>One flood: how many requests were offered and what came back, in send order.</summary>
internal sealed record Flood(int Offered, TimeSpan Duration, IReadOnlyList<QuotaAnswer> Answers)
{
    /// <summary>The throttled answers: the failures that follow admitted ones.</summary>
    public IReadOnlyList<QuotaAnswer> Throttled => Throttling.Of(Answers);

    public int Admitted => Answers.Count(a => a.IsSuccess);
}

/// <summary>A fast burst on a bucket that was full (a fresh tenant) or had just reset; <paramref name="AdmittedBefore"/> counts the admitted poll that opened it.</summary>
internal sealed record Burst(TenantPrincipal Who, string How, IReadOnlyList<QuotaAnswer> Answers, int AdmittedBefore)
{
    public int Admitted => AdmittedBefore + Answers.Count(a => a.IsSuccess);

    /// <summary>From the first send to the last.</summary>
    public TimeSpan Span => Answers.Count < 2 ? TimeSpan.Zero : Answers[^1].SentAt - Answers[0].SentAt;
}

/// <summary>The spoofed flood (as the noisy tenant, carrying the victim's id) and what the victim and the bystander got next.</summary>
internal sealed record Spoof(TargetRequest Request, Flood Flood, IReadOnlyList<QuotaAnswer> Victim, IReadOnlyList<QuotaAnswer> Bystander, TargetRequest VictimRequest);

/// <summary>What counts as throttled.</summary>
internal static class Throttling
{
    /// <summary>Neither admitted nor a refusal of the caller (400, 401, 403, 404...).</summary>
    public static bool IsThrottled(QuotaAnswer answer) => !answer.IsSuccess && !answer.IsRefusal;

    /// <summary>In a flood (send order): the throttled answers after the first admitted one.</summary>
    public static IReadOnlyList<QuotaAnswer> Of(IReadOnlyList<QuotaAnswer> answers)
    {
        var first = -1;
        for (var i = 0; i < answers.Count && first < 0; i++)
        {
            first = answers[i].IsSuccess ? i : first;
        }

        return first < 0 ? [] : [.. answers.Skip(first + 1).Where(IsThrottled)];
    }
}
