using System.Globalization;
using Harness.Findings;
using Harness.Manifest;
using Harness.Running;

namespace Harness.Scenarios.Quota;

/// <summary>Turns one limit's <see cref="LimitObservations"/> into a check per rule (QUO001 to QUO008), its metrics and its Retry-After series.</summary>
internal sealed class LimitJudge(LimitObservations seen, QuotaOptions options, Func<QuotaReproductions> script)
{
    /// <summary>The chart the Retry-After series of every limit share.</summary>
    public const string RetryAfterChart = "Retry-After advertised vs observed";

    /// <summary>How late a reset may come after the advertised Retry-After: the whole-second rounding (1 s) plus the longest poll spacing.</summary>
    private static readonly TimeSpan UnderMargin = TimeSpan.FromMilliseconds(1250);

    private QuotaLimit Limit => seen.Limit;

    private LimitRoles Roles => seen.Roles;

    public IReadOnlyList<CheckResult> Checks()
    {
        if (seen.NotCovered is { } reason)
        {
            return [.. QuotaRules.All.Select(rule => Check(rule, [], reason))];
        }

        if (seen.Floods.All(f => f.Throttled.Count == 0))
        {
            var never = $"never throttled (see {QuotaRules.NotEnforced.Id})";
            return [Check(QuotaRules.NotEnforced, [NotEnforced()]), .. QuotaRules.All.Skip(1).Select(rule => Check(rule, [], never))];
        }

        return
        [
            Check(QuotaRules.NotEnforced, []),
            Neighbour(),
            Spoof(),
            Status(),
            RetryAfterPresent(),
            RetryAfterMatches(),
            EffectiveLimit(),
            RateLimitFields(),
        ];
    }

    public IReadOnlyList<Metric> Metrics()
    {
        var metrics = new List<Metric>
        {
            new("declared limit", Limit.Capacity, "requests", Subject: Limit.Name),
            new("requests sent", seen.Requests, "requests", Subject: Limit.Name),
            new("throttled answers", seen.Throttled.Count(), "requests", Subject: Limit.Name),
        };
        if (Closest() is { } burst)
        {
            metrics.Add(new Metric("effective limit", burst.Admitted, "requests", burst.Who.TenantId, Limit.Name));
        }

        if (seen.Reset is { } reset && seen.Polls.FirstOrDefault(p => p.RetryAfter?.Delay is not null) is { } first)
        {
            metrics.Add(new Metric("Retry-After advertised", first.RetryAfter!.Value.Delay!.Value.TotalSeconds, "s", Roles.Noisy.TenantId, Limit.Name));
            metrics.Add(new Metric("reset observed", (reset.SentAt - first.At).TotalSeconds, "s", Roles.Noisy.TenantId, Limit.Name));
        }

        return metrics;
    }

    /// <summary>Per throttled answer with a valid Retry-After, what it advertised and when the reset came (x: seconds since the scenario started).</summary>
    public IReadOnlyList<MetricSeries> Series()
    {
        if (seen.Reset is not { } reset)
        {
            return [];
        }

        var points = seen.Throttled.Where(a => a.RetryAfter?.Delay is not null).OrderBy(a => a.At).ToList();
        if (points.Count == 0)
        {
            return [];
        }

        return
        [
            new MetricSeries($"{Limit.Name} advertised", "s", [.. points.Select(a => new SeriesPoint(a.At.TotalSeconds, a.RetryAfter!.Value.Delay!.Value.TotalSeconds))]) { Chart = RetryAfterChart },
            new MetricSeries($"{Limit.Name} observed", "s", [.. points.Select(a => new SeriesPoint(a.At.TotalSeconds, Math.Max(0, (reset.SentAt - a.At).TotalSeconds)))]) { Chart = RetryAfterChart },
        ];
    }

    private Finding NotEnforced()
    {
        var evidence = string.Join("; ", seen.Floods.Select(f => Inv($"offered {f.Offered} within {f.Duration.TotalMilliseconds:0} ms: {Statuses(f.Answers)}")));
        var last = seen.Floods[^1];
        var message = Inv($"{Limit.Name}: {Name(Roles.Noisy)} sent {last.Offered} requests within {last.Duration.TotalMilliseconds:0} ms ({last.Offered / (double)Limit.Capacity:0.#}x its declared {Limit.Capacity} per {DurationText.Format(Limit.Window)}) and was never throttled");
        var repro = script().Flood(Roles.Noisy, seen.Request!, last.Offered, Inv($"{last.Offered} requests at once: expect {Limit.Status} after {Limit.Capacity}"));
        return Finding(QuotaRules.NotEnforced, message, evidence, repro, null);
    }

    private CheckResult Neighbour()
    {
        if (seen.NeighbourNotCovered is { } reason)
        {
            return Check(QuotaRules.NeighbourThrottled, [], reason);
        }

        var throttled = seen.Neighbour.Where(Throttling.IsThrottled).ToList();
        if (throttled.Count == 0)
        {
            return Check(QuotaRules.NeighbourThrottled, []);
        }

        var who = Roles.Neighbour.TenantId == Roles.Noisy.TenantId ? $"user {Roles.Neighbour.UserId} of the same tenant" : Name(Roles.Neighbour);
        var message = Inv($"{Limit.Name}: while {Name(Roles.Noisy)} was throttled, {who} sent {seen.Neighbour.Count} requests (under its own {Limit.Capacity} per {DurationText.Format(Limit.Window)}) and {throttled.Count} were throttled ({throttled[0].Status}): the bucket is not partitioned by {Limit.Key}");
        var evidence = Inv($"noisy tenant {Roles.Noisy.TenantId}: {Statuses(seen.Floods.SelectMany(f => f.Answers))}; neighbour {Roles.Neighbour.TenantId} (user {Roles.Neighbour.UserId}): {Statuses(seen.Neighbour)}");
        var repro = script()
            .Flood(Roles.Noisy, seen.Request!, seen.Floods[^1].Offered, "the noisy tenant floods")
            .Sequence(Roles.Neighbour, seen.NeighbourRequest!, seen.Neighbour.Count, Inv($"the neighbour, under its quota: expect 2xx, not {throttled[0].Status}"));
        return Check(QuotaRules.NeighbourThrottled, [Finding(QuotaRules.NeighbourThrottled, message, evidence, repro, Roles.Neighbour.TenantId)]);
    }

    private CheckResult Spoof()
    {
        if (seen.SpoofNotCovered is { } reason)
        {
            return Check(QuotaRules.SpoofableKey, [], reason);
        }

        var spoof = seen.Spoofed!;
        var victim = spoof.Victim.Count(Throttling.IsThrottled);
        var bystander = spoof.Bystander.Count(Throttling.IsThrottled);
        if (victim > 0 && bystander > 0)
        {
            return Check(QuotaRules.SpoofableKey, [], Inv($"both the named tenant and the control were throttled after the flood: a shared bucket ({QuotaRules.NeighbourThrottled.Id}), so the key's source cannot be told"));
        }

        if (victim == 0)
        {
            return Check(QuotaRules.SpoofableKey, []);
        }

        var headers = string.Join(", ", (spoof.Request.Headers ?? []).Select(h => h.Key).Distinct(StringComparer.OrdinalIgnoreCase));
        var message = Inv($"{Limit.Name}: {Name(Roles.Noisy)} flooded carrying {Name(Roles.Victim!)}'s id in headers ({headers}) and the query, and then {Name(Roles.Victim!)} was throttled ({victim} of {spoof.Victim.Count}) while the control {Name(Roles.Bystander!)} was not: the quota key comes from the request, not the credential");
        var evidence = Inv($"spoofed flood {spoof.Request}: {Statuses(spoof.Flood.Answers)}; named tenant {Roles.Victim!.TenantId}: {Statuses(spoof.Victim)}; control {Roles.Bystander!.TenantId}: {Statuses(spoof.Bystander)}");
        var repro = script()
            .Flood(Roles.Noisy, spoof.Request, spoof.Flood.Offered, "the flooder names another tenant in headers and query")
            .Sequence(Roles.Victim!, spoof.VictimRequest, spoof.Victim.Count, "the named tenant, which sent nothing: expect 2xx");
        return Check(QuotaRules.SpoofableKey, [Finding(QuotaRules.SpoofableKey, message, evidence, repro, Roles.Victim!.TenantId)]);
    }

    private CheckResult Status()
    {
        var throttled = seen.Throttled.ToList();
        var wrong = throttled.Where(a => a.Status != Limit.Status).ToList();
        if (wrong.Count == 0)
        {
            return Check(QuotaRules.WrongStatus, []);
        }

        var message = Inv($"{Limit.Name}: {wrong.Count} of {throttled.Count} throttled answers were {string.Join("/", wrong.Select(a => a.Status).Distinct().Order())}, not the declared {Limit.Status}");
        var repro = script().Flood(Roles.Noisy, seen.Request!, seen.Floods[^1].Offered, Inv($"expect {Limit.Status} once over the limit"));
        return Check(QuotaRules.WrongStatus, [Finding(QuotaRules.WrongStatus, message, Inv($"throttled answers: {Statuses(throttled)}"), repro, null)]);
    }

    private CheckResult RetryAfterPresent()
    {
        var throttled = seen.Throttled.ToList();
        var missing = Limit.RetryAfter ? throttled.Count(a => a.RetryAfter is null) : 0;
        var malformed = throttled.Where(a => a.RetryAfter is { IsValid: false }).Select(a => a.RetryAfter!.Value.Raw).Distinct(StringComparer.Ordinal).ToList();
        if (missing == 0 && malformed.Count == 0)
        {
            return Check(QuotaRules.RetryAfterInvalid, []);
        }

        var problems = new List<string>();
        if (missing > 0)
        {
            problems.Add(Inv($"{missing} of {throttled.Count} throttled answers had no Retry-After"));
        }

        if (malformed.Count > 0)
        {
            problems.Add(Inv($"Retry-After {string.Join(", ", malformed.Take(5).Select(r => $"'{r}'"))} is neither delay-seconds nor an HTTP-date"));
        }

        var message = $"{Limit.Name}: {string.Join("; ", problems)}";
        var repro = script().Flood(Roles.Noisy, seen.Request!, seen.Floods[^1].Offered, "exhaust the quota")
            .Sequence(Roles.Noisy, seen.Request!, 1, "a throttled answer: look for Retry-After");
        return Check(QuotaRules.RetryAfterInvalid, [Finding(QuotaRules.RetryAfterInvalid, message, $"throttled answers: {Statuses(throttled)}", repro, null)]);
    }

    private CheckResult RetryAfterMatches()
    {
        if (seen.Reset is not { } reset)
        {
            return Check(QuotaRules.RetryAfterWrong, [], seen.PollNotCovered ?? "no reset was observed");
        }

        var advertised = seen.Throttled.Where(a => a.RetryAfter?.Delay is not null).ToList();
        if (advertised.Count == 0)
        {
            return Check(QuotaRules.RetryAfterWrong, [], $"no throttled answer carried a valid Retry-After (see {QuotaRules.RetryAfterInvalid.Id})");
        }

        var refused = seen.Polls.Where(Throttling.IsThrottled).ToList();
        var under = seen.Polls.Where(p => p.RetryAfter?.Delay is not null)
            .Select(p => (p, late: refused.LastOrDefault(q => q.SentAt >= p.At + p.RetryAfter!.Value.Delay!.Value + UnderMargin)))
            .FirstOrDefault(x => x.late is not null);
        var over = advertised.LastOrDefault(a => a.RetryAfter!.Value.Delay!.Value >= TimeSpan.FromSeconds(2) && reset.At < a.SentAt + OverBound(a.RetryAfter!.Value.Delay!.Value));
        if (under.p is null && over is null)
        {
            return Check(QuotaRules.RetryAfterWrong, []);
        }

        var message = under.p is { } p
            ? Inv($"{Limit.Name}: Retry-After '{p.RetryAfter!.Value.Raw}' promised a retry {p.RetryAfter!.Value.Delay!.Value.TotalSeconds:0.#} s later, but a request {(under.late!.SentAt - p.At).TotalSeconds:0.0} s later was still refused and the reset came after {(reset.SentAt - p.At).TotalSeconds:0.0} s (under-advertised)")
            : Inv($"{Limit.Name}: Retry-After '{over!.RetryAfter!.Value.Raw}' asked to wait {over.RetryAfter!.Value.Delay!.Value.TotalSeconds:0.#} s, but a request {(reset.SentAt - over.SentAt).TotalSeconds:0.0} s later was already admitted (over-advertised: the whole window instead of the time left?)");
        var evidence = string.Join("; ", seen.Polls.Select(a => Inv($"{a.SentAt.TotalSeconds:0.00}s {a.Status}{(a.RetryAfter is { } r ? $" Retry-After {r.Raw}" : "")}")));
        var repro = script().Flood(Roles.Noisy, seen.Request!, seen.Floods[^1].Offered, "exhaust the quota")
            .Sequence(Roles.Noisy, seen.Request!, Math.Min(seen.Polls.Count, 50), "poll every 0.2 s: compare each Retry-After with when a 2xx comes back");
        return Check(QuotaRules.RetryAfterWrong, [Finding(QuotaRules.RetryAfterWrong, message, $"polls as {Roles.Noisy.TenantId}: {evidence}", repro, null)]);
    }

    /// <summary>
    /// How soon after a throttled answer an admission proves its Retry-After over-advertised: before half of it, and before
    /// what whole-second rounding up allows (RA - 1 s, less the margin), so an honest '2' sent with 1.01 s left never counts.
    /// Timed from the throttled request's send and the admitted poll's answer, the bounds of when each was decided.
    /// </summary>
    private static TimeSpan OverBound(TimeSpan advertised) =>
        TimeSpan.FromTicks(Math.Min((advertised / 2).Ticks, (advertised - UnderMargin).Ticks));

    private CheckResult EffectiveLimit()
    {
        if (Closest() is not { } closest)
        {
            return Check(QuotaRules.EffectiveLimitDiffers, [], seen.PollNotCovered ?? "no burst could be measured (no reset observed and no fresh tenant)");
        }

        if (Deviation(closest) <= Allowed(closest))
        {
            return Check(QuotaRules.EffectiveLimitDiffers, []);
        }

        var all = closest.Answers.All(a => a.IsSuccess);
        var message = Inv($"{Limit.Name}: {closest.Admitted} of {closest.Answers.Count + closest.AdmittedBefore} requests were admitted in a burst {closest.How} by {Name(closest.Who)}{(all ? " (all of them: the limit is higher still)" : "")}, where {Limit.Capacity} per {DurationText.Format(Limit.Window)} is declared (tolerance {options.Tolerance:0.##%})");
        var evidence = string.Join("; ", seen.Bursts.Select(b => Inv($"{b.Who.TenantId} {b.How}: {b.Admitted} admitted of {b.Answers.Count + b.AdmittedBefore} within {b.Span.TotalMilliseconds:0} ms ({Statuses(b.Answers)})")));
        var repro = script().Flood(closest.Who, seen.Request! with { PathAndQuery = seen.Request!.PathAndQuery }, closest.Answers.Count, Inv($"expect {Limit.Capacity} 2xx answers on a fresh window"));
        return Check(QuotaRules.EffectiveLimitDiffers, [Finding(QuotaRules.EffectiveLimitDiffers, message, evidence, repro, null)]);
    }

    private CheckResult RateLimitFields()
    {
        var answers = seen.Floods.SelectMany(f => f.Answers).Concat(seen.Polls).Concat(seen.Bursts.SelectMany(b => b.Answers)).ToList();
        var withFields = answers.Where(a => a.RateLimit is not null).ToList();
        if (withFields.Count == 0)
        {
            return Limit.RateLimitHeaders
                ? Check(QuotaRules.RateLimitFieldsInconsistent, [Finding(QuotaRules.RateLimitFieldsInconsistent,
                    Inv($"{Limit.Name}: RateLimit fields are declared (rateLimitHeaders: true) but none of {answers.Count} answers carried RateLimit or RateLimit-Policy"), "", (string?)null, null)])
                : Check(QuotaRules.RateLimitFieldsInconsistent, [], "the app sends no RateLimit fields (none declared)");
        }

        var problems = new List<string>();
        var observed = Closest() is { } closest && Deviation(closest) > Allowed(closest) ? closest.Admitted : Limit.Capacity;
        var quotas = withFields.Select(a => a.RateLimit!.Quota).OfType<long>().Distinct().ToList();
        foreach (var quota in quotas.Where(q => q != Limit.Limit && q != Limit.Capacity && Math.Abs(q - observed) > options.Tolerance * observed))
        {
            problems.Add(Inv($"quota {quota} while {observed} per window was observed"));
        }

        var windows = withFields.Select(a => a.RateLimit!.WindowSeconds).OfType<long>().Distinct().ToList();
        foreach (var window in windows.Where(w => Math.Abs(w - Limit.Window.TotalSeconds) >= 1))
        {
            problems.Add(Inv($"window {window} s while {DurationText.Format(Limit.Window)} is declared"));
        }

        if (seen.Throttled.FirstOrDefault(a => a.RateLimit?.Remaining > 0) is { } left)
        {
            problems.Add(Inv($"remaining {left.RateLimit!.Remaining} on a throttled answer ({left.Status})"));
        }

        foreach (var burst in seen.Bursts)
        {
            var remaining = burst.Answers.Where(a => a.IsSuccess && a.RateLimit?.Remaining is not null).Select(a => a.RateLimit!.Remaining!.Value).ToList();
            if (remaining.Count >= 3 && remaining.Distinct().Count() == 1)
            {
                problems.Add(Inv($"remaining stayed {remaining[0]} over {remaining.Count} admitted requests"));
            }
        }

        if (problems.Count == 0)
        {
            return Check(QuotaRules.RateLimitFieldsInconsistent, []);
        }

        var sample = withFields.Take(3).Select(a => Inv($"{a.Status}: q={a.RateLimit!.Quota} w={a.RateLimit.WindowSeconds} r={a.RateLimit.Remaining} t={a.RateLimit.Reset}"));
        return Check(QuotaRules.RateLimitFieldsInconsistent, [Finding(QuotaRules.RateLimitFieldsInconsistent,
            $"{Limit.Name}: the RateLimit fields disagree with what was observed: {string.Join("; ", problems.Distinct())}", $"first answers with fields: {string.Join("; ", sample)}",
            script().Sequence(Roles.Noisy, seen.Request!, Math.Min(Limit.Capacity + 1, 50), "each answer's RateLimit fields").ToString(), null)]);
    }

    /// <summary>The burst whose admitted count is closest to the declared capacity: a window boundary or a partly refilled bucket can only push one measurement away.</summary>
    private Burst? Closest() => seen.Bursts.Where(b => b.Answers.Any(a => !a.IsRefusal)).OrderBy(Deviation).FirstOrDefault();

    private int Deviation(Burst burst) => Math.Abs(burst.Admitted - Limit.Capacity);

    /// <summary>The tolerance, plus what the bucket may refill while the burst lasts (a token bucket refilling the limit over the window).</summary>
    private double Allowed(Burst burst) => (options.Tolerance * Limit.Capacity) + Math.Ceiling(Limit.Limit * burst.Span.TotalSeconds / Limit.Window.TotalSeconds);

    private CheckResult Check(Rule rule, IReadOnlyList<Finding> findings, string? notCovered = null) =>
        new(rule, Limit.Name, findings, Math.Max(seen.Requests, 1)) { NotCovered = notCovered };

    private Finding Finding(Rule rule, string message, string evidence, QuotaReproductions? repro, string? victim) =>
        Finding(rule, message, evidence, repro?.ToString(), victim);

    private Finding Finding(Rule rule, string message, string evidence, string? reproduction, string? victim) =>
        new(rule, QuotaScenario.ScenarioId, Limit.Name, message, evidence, reproduction)
        {
            Tenants = victim is null ? null : new FindingTenants(Roles.Noisy.TenantId, victim),
        };

    private static string Statuses(IEnumerable<QuotaAnswer> answers) =>
        string.Join(", ", answers.GroupBy(a => a.Status).OrderBy(g => g.Key).Select(g => Inv($"{g.Count()}x {g.Key}")));

    private static string Name(Harness.Targets.Credentials.TenantPrincipal principal) => LimitProbe.Name(principal);

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
