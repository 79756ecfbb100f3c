using System.Globalization;
using System.Text;
using Harness.Chaos.Proxy;

namespace Harness.Scenarios.Chaos;

/// <summary>What every chaos finding carries so it can be understood and rerun: the seed, the faults around it, a transcript.</summary>
internal sealed class ChaosEvidence(
    int seed, string topology, Func<ProxyEvent, IReadOnlyList<string>> transcripts, ChaosObservations observations, DateTimeOffset startedAt)
{
    /// <summary>How many transcript lines a finding quotes (the connection's last ones).</summary>
    private const int TranscriptLines = 24;

    public int Seed => seed;

    /// <summary>As <see cref="Context(TimeSpan)"/> for a moment the proxy stamped.</summary>
    public string Context(DateTimeOffset at) => Context(at - startedAt);

    /// <summary>The seed, the faults done in the two seconds before <paramref name="at"/> (time since the scenario started) and how to rerun.</summary>
    public string Context(TimeSpan at)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"seed {seed}; topology: {topology}");
        var recent = observations.FaultsBefore(at, TimeSpan.FromSeconds(2));
        text.Append(recent.Count == 0
            ? "; no fault in the 2 s before"
            : $"; faults in the 2 s before: {string.Join("; ", recent.Select(f => $"{f.Planned} -> {f.Outcome}"))}");
        text.Append(CultureInfo.InvariantCulture, $"; rerun the same schedule with: harness run --scenarios chaos --replay <this run's report.json> (or chaos: {{ seed: {seed} }})");
        return text.ToString();
    }

    /// <summary>The redacted protocol transcript of one proxied connection (its last lines).</summary>
    public string Transcript(ProxyEvent observed)
    {
        var lines = transcripts(observed);
        var shown = lines.Skip(Math.Max(0, lines.Count - TranscriptLines));
        return $"transcript of {observed.Proxy} connection {observed.Connection}{(lines.Count > TranscriptLines ? $" (last {TranscriptLines} of {lines.Count} lines)" : "")}:\n  "
            + string.Join("\n  ", shown);
    }
}
