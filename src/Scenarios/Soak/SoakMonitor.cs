using System.Globalization;
using System.Text;
using Harness.Load;

namespace Harness.Scenarios.Soak;

/// <summary>
/// Watches the load second by second (<see cref="LoadOptions.OnInterval"/>): prints one bounded live line per second
/// (rates, p99 per tenant, 429s), and with <c>abortOnFail</c> asks the load to stop once a neighbour has failed the p99
/// bound or the success threshold for <see cref="AbortAfterSeconds"/> seconds in a row during the flood.
/// </summary>
internal sealed class SoakMonitor(IReadOnlyList<LoadStream> streams, SoakThresholds thresholds, IProgress<string>? progress, Action abort)
{
    /// <summary>Seconds in a row a neighbour must fail before the load is stopped.</summary>
    public const int AbortAfterSeconds = 5;

    /// <summary>The longest live line.</summary>
    public const int MaxLineLength = 160;

    private readonly string lastKey = streams[^1].Key;
    private readonly Dictionary<string, LoadInterval> latest = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Baseline> baselines = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> failing = new(StringComparer.Ordinal);
    private readonly Lock gate = new();
    private bool aborted;

    /// <summary>Why the load was stopped early, or null.</summary>
    public string? AbortReason { get; private set; }

    public void OnInterval(LoadInterval interval)
    {
        lock (gate)
        {
            latest[interval.StreamKey] = interval;
            var (name, phase) = Split(interval.StreamKey);
            if (name != SoakTenant.NoisyLabel.Replace(' ', '-'))
            {
                Track(name, phase, interval);
            }

            // The last, shorter interval after the drain would show inflated rates: the live line skips it.
            if (interval.StreamKey == lastKey && interval.End - interval.Start >= TimeSpan.FromSeconds(0.5) && Line(interval.End) is { } line)
            {
                progress?.Report(line);
            }
        }
    }

    private void Track(string name, string phase, LoadInterval interval)
    {
        if (interval.Latency.Count == 0)
        {
            return;
        }

        var success = SoakJudge.SuccessPercent(interval.Statuses);
        if (phase == SoakPhases.BaselineName)
        {
            var known = baselines.GetValueOrDefault(name);
            baselines[name] = new Baseline(Math.Max(known?.MaxP99Ms ?? 0, SoakJudge.Ms(interval.Latency.P99)), Math.Min(known?.MinSuccess ?? 100, success ?? 100));
            return;
        }

        if (phase != SoakPhases.FloodName || !thresholds.AbortOnFail || aborted || !baselines.TryGetValue(name, out var baseline))
        {
            return;
        }

        var bad = SoakJudge.Ms(interval.Latency.P99) > SoakJudge.P99BoundMs(baseline.MaxP99Ms, thresholds)
            || (success is { } s && baseline.MinSuccess - s > thresholds.SuccessDropPoints);
        failing[name] = bad ? failing.GetValueOrDefault(name) + 1 : 0;
        if (failing[name] >= AbortAfterSeconds)
        {
            aborted = true;
            AbortReason = string.Create(CultureInfo.InvariantCulture,
                $"abortOnFail: {name.Replace('-', ' ')} failed its p99 or success threshold for {AbortAfterSeconds} s in a row during the flood; the load was stopped at {interval.End.TotalSeconds:0} s");
            progress?.Report($"soak: {AbortReason}");
            abort();
        }
    }

    /// <summary>The live line of the second ending at <paramref name="now"/>, or null when no stream was active in it.</summary>
    private string? Line(TimeSpan now)
    {
        var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"soak {now.TotalSeconds:0}s"));
        var empty = text.Length;
        foreach (var group in latest.Values.Where(i => i.End == now && i.Offered + i.Statuses.Answered > 0).GroupBy(i => Split(i.StreamKey).Name))
        {
            var offered = group.Sum(i => i.Offered);
            var throttled = group.Sum(i => i.Statuses.TooManyRequests);
            var p99 = group.Where(i => i.Latency.Count > 0).Select(i => SoakJudge.Ms(i.Latency.P99)).DefaultIfEmpty().Max();
            var seconds = Math.Max((group.First().End - group.First().Start).TotalSeconds, 0.001);
            var part = string.Create(CultureInfo.InvariantCulture, $" | {group.Key} {offered / seconds:0}/s p99 {p99:0}ms") + (throttled > 0 ? string.Create(CultureInfo.InvariantCulture, $" 429 {throttled}") : "");
            if (text.Length + part.Length > MaxLineLength - 4)
            {
                text.Append(" | …");
                break;
            }

            text.Append(part);
        }

        return text.Length == empty ? null : text.ToString();
    }

    private static (string Name, string Phase) Split(string key)
    {
        var slash = key.LastIndexOf('/');
        return (key[..slash], key[(slash + 1)..]);
    }

    private sealed record Baseline(double MaxP99Ms, double MinSuccess);
}
