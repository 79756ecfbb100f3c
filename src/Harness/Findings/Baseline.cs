namespace Harness.Findings;

/// <summary>
/// The findings a team has accepted for now, read from a baseline file (<see cref="BaselineFile"/>): each entry suppresses
/// the findings of one fingerprint (rule and subject) until it expires. Applying it to a run is done here and nowhere else.
/// </summary>
public sealed class Baseline
{
    public Baseline(string source, IReadOnlyList<Suppression> suppressions)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(suppressions);
        Source = source;
        Suppressions = suppressions;
    }

    /// <summary>The file the baseline was read from.</summary>
    public string Source { get; }

    /// <summary>The entries, in file order; at most one per fingerprint.</summary>
    public IReadOnlyList<Suppression> Suppressions { get; }

    /// <summary>
    /// Which of <paramref name="findings"/> are suppressed on <paramref name="day"/> (the run's day): those whose fingerprint has
    /// an entry that has not expired. An expired entry suppresses nothing; an unexpired entry that matches nothing is unused.
    /// </summary>
    public BaselineResult Apply(IEnumerable<Finding> findings, DateOnly day)
    {
        ArgumentNullException.ThrowIfNull(findings);
        var active = new Dictionary<string, Suppression>(StringComparer.Ordinal);
        foreach (var entry in Suppressions.Where(s => !s.IsExpiredOn(day)))
        {
            active.TryAdd(entry.Fingerprint, entry);
        }

        var suppressed = new List<SuppressedFinding>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var finding in findings)
        {
            if (active.GetValueOrDefault(finding.Fingerprint) is { } entry)
            {
                suppressed.Add(new SuppressedFinding(finding, entry));
                used.Add(entry.Fingerprint);
            }
        }

        return new BaselineResult(
            suppressed,
            [.. Suppressions.Where(s => s.IsExpiredOn(day))],
            [.. Suppressions.Where(s => !s.IsExpiredOn(day) && !used.Contains(s.Fingerprint))],
            active);
    }
}
