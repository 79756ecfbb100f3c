using System.Globalization;
using Harness.Findings;
using Harness.Load;
using Harness.Running;

namespace Harness.Scenarios.Soak;

/// <summary>Turns a soak's measures into checks: one per rule per neighbour (Jain's index and the app's memory: one each).</summary>
public static class SoakVerdict
{
    /// <summary>The checks of <paramref name="measures"/> against <paramref name="thresholds"/>.</summary>
    public static IReadOnlyList<CheckResult> Judge(SoakMeasures measures, SoakThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(measures);
        ArgumentNullException.ThrowIfNull(thresholds);
        var checks = new List<CheckResult>();
        foreach (var neighbour in measures.Neighbours)
        {
            checks.Add(Latency(measures, neighbour, thresholds));
            checks.Add(Success(measures, neighbour, thresholds));
        }

        if (measures.Neighbours.Count > 0)
        {
            checks.Add(Fairness(measures, thresholds));
        }

        foreach (var neighbour in measures.Neighbours)
        {
            checks.Add(Recovery(measures, neighbour, thresholds));
        }

        if (measures.Churn > 0)
        {
            checks.AddRange(Churn(measures, thresholds));
        }

        return checks;
    }

    private static string Subject(SoakMeasures measures, NeighbourRun neighbour) => $"{measures.Endpoint} {neighbour.Label}";

    private static CheckResult Latency(SoakMeasures measures, NeighbourRun neighbour, SoakThresholds thresholds)
    {
        var subject = Subject(measures, neighbour);
        if (NotJudged(measures, neighbour) is { } reason)
        {
            return NotCovered(SoakRules.LatencyDegraded, subject, reason);
        }

        var baseline = SoakJudge.Ms(neighbour.Baseline!.Latency.P99);
        var flood = SoakJudge.Ms(neighbour.Flood!.Latency.P99);
        var bound = SoakJudge.P99BoundMs(baseline, thresholds);
        var evidence = Invariant($"{neighbour.Label} (tenant {neighbour.TenantId}): p99 {baseline:0.##} ms at baseline ({neighbour.Baseline.Latency.Count} answers), ")
            + Invariant($"{flood:0.##} ms during the flood ({neighbour.Flood.Latency.Count} answers); bound max({thresholds.P99Factor:0.##} x baseline, baseline + {thresholds.P99SlackMs:0.##} ms) = {bound:0.##} ms; ")
            + Invariant($"service time p99 {SoakJudge.Ms(neighbour.Baseline.ServiceTime.P99):0.##} -> {SoakJudge.Ms(neighbour.Flood.ServiceTime.P99):0.##} ms{NoisyNote(measures)}");
        return flood > bound
            ? Failed(SoakRules.LatencyDegraded, subject, Invariant($"{subject}: p99 latency rose from {baseline:0.##} ms to {flood:0.##} ms while another tenant flooded the app (bound {bound:0.##} ms)"), evidence, neighbour)
            : Passed(SoakRules.LatencyDegraded, subject, neighbour);
    }

    private static CheckResult Success(SoakMeasures measures, NeighbourRun neighbour, SoakThresholds thresholds)
    {
        var subject = Subject(measures, neighbour);
        if (NotJudged(measures, neighbour) is { } reason)
        {
            return NotCovered(SoakRules.SuccessDropped, subject, reason);
        }

        if (SoakJudge.SuccessPercent(neighbour.Baseline!.Statuses) is not { } baseline || SoakJudge.SuccessPercent(neighbour.Flood!.Statuses) is not { } flood)
        {
            return NotCovered(SoakRules.SuccessDropped, subject, $"{neighbour.Label}: no request ended in the baseline or the flood");
        }

        var drop = baseline - flood;
        var evidence = Invariant($"{neighbour.Label} (tenant {neighbour.TenantId}): {baseline:0.##} % 2xx at baseline ({Counts(neighbour.Baseline.Statuses)}), ")
            + Invariant($"{flood:0.##} % during the flood ({Counts(neighbour.Flood.Statuses)}); allowed drop {thresholds.SuccessDropPoints:0.##} points{NoisyNote(measures)}");
        return drop > thresholds.SuccessDropPoints
            ? Failed(SoakRules.SuccessDropped, subject, Invariant($"{subject}: success rate fell from {baseline:0.##} % to {flood:0.##} % while another tenant flooded the app ({neighbour.Flood.Statuses.TooManyRequests} answered 429 under its own quota)"), evidence, neighbour)
            : Passed(SoakRules.SuccessDropped, subject, neighbour);
    }

    private static CheckResult Fairness(SoakMeasures measures, SoakThresholds thresholds)
    {
        var subject = $"{measures.Endpoint} neighbours";
        var floods = measures.Neighbours.Where(n => n.Flood is { Offered: > 0 }).ToList();
        if (floods.Count < 2)
        {
            return NotCovered(SoakRules.Unfair, subject, floods.Count == 0
                ? "no neighbour ran in the flood (the load stopped before it)"
                : "Jain's index needs two neighbours or more in this run (with --shard, each shard judges its own)");
        }

        // Goodput relative to each neighbour's offered rate (its fair allocation).
        var shares = floods.Select(n => n.Flood!.Statuses.Success / (double)n.Flood.Offered).ToList();
        var index = SoakJudge.JainIndex(shares);
        var evidence = Invariant($"Jain's index {index:0.###} over {floods.Count} neighbours' goodput/offered during the flood: ")
            + string.Join(", ", floods.Select((n, i) => Invariant($"{n.Label} {shares[i]:0.###} ({n.Flood!.Goodput:0.##}/s of {n.Flood.OfferedRate:0.##}/s)")))
            + Invariant($"; bound {thresholds.Fairness:0.###}");
        return index < thresholds.Fairness
            ? new CheckResult(SoakRules.Unfair, subject, [new Finding(SoakRules.Unfair, SoakScenario.ScenarioId, subject,
                Invariant($"{subject}: goodput during the flood was unevenly shared (Jain's index {index:0.###} < {thresholds.Fairness:0.###})"), evidence)], floods.Count)
            : new CheckResult(SoakRules.Unfair, subject, [], floods.Count);
    }

    private static CheckResult Recovery(SoakMeasures measures, NeighbourRun neighbour, SoakThresholds thresholds)
    {
        var subject = Subject(measures, neighbour);
        if (NotJudged(measures, neighbour) is { } reason)
        {
            return NotCovered(SoakRules.NotRecovered, subject, reason);
        }

        if (neighbour.Recovery is not { } recovery || !recovery.Intervals.Any(i => i.Latency.Count > 0))
        {
            return NotCovered(SoakRules.NotRecovered, subject, $"{neighbour.Label}: no answer after the flood (the load stopped before the recovery phase)");
        }

        var bound = SoakJudge.P99BoundMs(SoakJudge.Ms(neighbour.Baseline!.Latency.P99), thresholds);
        var time = SoakJudge.RecoveryTime(recovery.Intervals, measures.Phases.FloodEnd, bound);
        var observed = recovery.Intervals.Where(i => i.Latency.Count > 0).Max(i => i.End) - measures.Phases.FloodEnd;
        if (time is null && observed < thresholds.Recovery)
        {
            return NotCovered(SoakRules.NotRecovered, subject, Invariant(
                $"{neighbour.Label} was still above its p99 bound ({bound:0.##} ms) when the load stopped, {observed.TotalSeconds:0.#} s after the flood, before the {SoakDuration.Format(thresholds.Recovery)} allowed to recover"));
        }

        var evidence = Invariant($"{neighbour.Label} (tenant {neighbour.TenantId}): per-second p99 after the flood: ")
            + string.Join(", ", recovery.Intervals.Where(i => i.Latency.Count > 0).Take(30).Select(i => Invariant($"{(i.End - measures.Phases.FloodEnd).TotalSeconds:0}s {SoakJudge.Ms(i.Latency.P99):0.#}ms")))
            + Invariant($"; bound {bound:0.##} ms, allowed {SoakDuration.Format(thresholds.Recovery)}");
        return time is { } t && t <= thresholds.Recovery
            ? Passed(SoakRules.NotRecovered, subject, neighbour)
            : Failed(SoakRules.NotRecovered, subject, time is { } late
                ? Invariant($"{subject}: p99 took {late.TotalSeconds:0.#} s after the flood to get back under {bound:0.##} ms (allowed {SoakDuration.Format(thresholds.Recovery)})")
                : Invariant($"{subject}: p99 was still above {bound:0.##} ms {observed.TotalSeconds:0.#} s after the flood ended"), evidence, neighbour);
    }

    private static IEnumerable<CheckResult> Churn(SoakMeasures measures, SoakThresholds thresholds)
    {
        var memorySubject = $"{measures.Endpoint} app memory";
        if (measures.ChurnNotCovered is { } churnReason)
        {
            yield return NotCovered(SoakRules.GrowsWithChurn, memorySubject, churnReason);
            foreach (var neighbour in measures.Neighbours)
            {
                yield return NotCovered(SoakRules.GrowsWithChurn, Subject(measures, neighbour), churnReason);
            }

            yield break;
        }

        var floodStart = measures.Phases.FloodStart.TotalSeconds;
        var floodEnd = measures.Phases.FloodEnd.TotalSeconds;
        var memory = measures.Memory.Where(p => p.X >= floodStart && p.X <= floodEnd).Select(p => (p.X - floodStart, p.Y)).ToList();
        if (measures.MemoryNotCovered is { } memoryReason)
        {
            yield return NotCovered(SoakRules.GrowsWithChurn, memorySubject, memoryReason);
        }
        else if (memory.Count < SoakJudge.MinTrendPoints)
        {
            yield return NotCovered(SoakRules.GrowsWithChurn, memorySubject, $"only {memory.Count} memory samples during the flood; a trend needs {SoakJudge.MinTrendPoints}");
        }
        else
        {
            var trend = Trend.Fit(memory);
            var evidence = Invariant($"app memory (RSS) during the flood with {measures.Churn} distinct tenant ids: {memory[0].Y:0.#} MB -> {memory[^1].Y:0.#} MB over {memory.Count} samples; ")
                + Invariant($"slope {trend.Slope * 60:0.##} MB/min (bound {SoakJudge.MemorySlopeMbPerMinute} MB/min), R² {trend.RSquared:0.##}, fitted growth {trend.Growth:0.#} MB (bound {SoakJudge.MemoryMinGrowthMb} MB)");
            yield return SoakJudge.MemoryGrows(trend)
                ? new CheckResult(SoakRules.GrowsWithChurn, memorySubject, [new Finding(SoakRules.GrowsWithChurn, SoakScenario.ScenarioId, memorySubject,
                    Invariant($"{memorySubject}: the app's memory grew {trend.Slope * 60:0.#} MB/min while the flood cycled through {measures.Churn} tenant ids"), evidence)], memory.Count)
                : new CheckResult(SoakRules.GrowsWithChurn, memorySubject, [], memory.Count);
        }

        foreach (var neighbour in measures.Neighbours)
        {
            var subject = Subject(measures, neighbour);
            if (NotJudged(measures, neighbour) is { } reason)
            {
                yield return NotCovered(SoakRules.GrowsWithChurn, subject, reason);
                continue;
            }

            var points = SoakJudge.P99Points(neighbour.Flood!.Intervals, measures.Phases.FloodStart, measures.Phases.FloodEnd);
            if (points.Count < SoakJudge.MinTrendPoints)
            {
                yield return NotCovered(SoakRules.GrowsWithChurn, subject, $"{neighbour.Label}: only {points.Count} seconds with answers during the flood; a trend needs {SoakJudge.MinTrendPoints}");
                continue;
            }

            var baseline = SoakJudge.Ms(neighbour.Baseline!.Latency.P99);
            var trend = Trend.Fit(points);
            var evidence = Invariant($"{neighbour.Label} (tenant {neighbour.TenantId}): per-second p99 during the flood with {measures.Churn} distinct tenant ids: slope {trend.Slope * 60:0.##} ms/min ")
                + Invariant($"(bound 10 % of the baseline p99 {baseline:0.##} ms per minute), R² {trend.RSquared:0.##}, fitted rise {trend.Growth:0.#} ms (bound {thresholds.P99SlackMs:0.##} ms)");
            yield return SoakJudge.LatencyGrows(trend, baseline, thresholds)
                ? Failed(SoakRules.GrowsWithChurn, subject, Invariant($"{subject}: latency kept rising ({trend.Slope * 60:0.#} ms/min) while the flood cycled through {measures.Churn} tenant ids"), evidence, neighbour)
                : Passed(SoakRules.GrowsWithChurn, subject, neighbour);
        }
    }

    private static string? NotJudged(SoakMeasures measures, NeighbourRun neighbour)
    {
        if (neighbour.Baseline is not { Latency.Count: > 0 })
        {
            return $"{neighbour.Label}: no answer in the baseline phase (the load stopped early, or every request failed without a status)";
        }

        if (neighbour.Flood is not { Offered: > 0 })
        {
            return $"{neighbour.Label}: the load stopped before the flood";
        }

        return measures.Noisy is null ? "no noisy tenant ran in this run (it runs in shard 1)" : null;
    }

    private static string NoisyNote(SoakMeasures measures) => measures.Noisy is { } noisy
        ? Invariant($"; the noisy tenant offered {noisy.OfferedRate:0.#}/s and got {Counts(noisy.Statuses)}")
        : "";

    private static string Counts(StatusCounts s) =>
        Invariant($"{s.Success} 2xx, {s.TooManyRequests} 429, {s.Other} other") + (s.Errors + s.Timeouts > 0 ? Invariant($", {s.Errors} errors, {s.Timeouts} timeouts") : "");

    private static int Probes(NeighbourRun neighbour) => (int)Math.Min(int.MaxValue, neighbour.Streams.Sum(s => s.Sent));

    private static CheckResult Passed(Rule rule, string subject, NeighbourRun neighbour) => new(rule, subject, [], Probes(neighbour));

    private static CheckResult Failed(Rule rule, string subject, string message, string evidence, NeighbourRun neighbour) =>
        new(rule, subject, [new Finding(rule, SoakScenario.ScenarioId, subject, message, evidence)], Probes(neighbour));

    private static CheckResult NotCovered(Rule rule, string subject, string reason) => new(rule, subject, [], 0) { NotCovered = reason };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
