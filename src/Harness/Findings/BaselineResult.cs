namespace Harness.Findings;

/// <summary>
/// What a <see cref="Baseline"/> did to one run's findings: the findings it suppressed, its expired entries (which suppress
/// nothing, so their findings count again) and its unused entries (unexpired, matching no finding of the run). Expired and
/// unused entries are warnings in the console and the reports, never a failure by themselves.
/// </summary>
public sealed class BaselineResult
{
    private readonly Dictionary<string, Suppression> active;

    internal BaselineResult(IReadOnlyList<SuppressedFinding> suppressed, IReadOnlyList<Suppression> expired, IReadOnlyList<Suppression> unused, Dictionary<string, Suppression> active)
    {
        Suppressed = suppressed;
        Expired = expired;
        Unused = unused;
        this.active = active;
    }

    /// <summary>The result of no baseline: nothing suppressed, nothing to warn about.</summary>
    public static BaselineResult None { get; } = new([], [], [], new(StringComparer.Ordinal));

    /// <summary>The findings an unexpired entry matched, in report order.</summary>
    public IReadOnlyList<SuppressedFinding> Suppressed { get; }

    /// <summary>Entries past their expiry, in file order: they suppress nothing.</summary>
    public IReadOnlyList<Suppression> Expired { get; }

    /// <summary>Unexpired entries that matched no finding of the run, in file order: the findings are gone, remove the entry.</summary>
    public IReadOnlyList<Suppression> Unused { get; }

    /// <summary>The unexpired suppression of <paramref name="finding"/>, or null when it counts for the gate.</summary>
    public Suppression? SuppressionOf(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return active.Count == 0 ? null : active.GetValueOrDefault(finding.Fingerprint);
    }

    /// <summary>Whether an unexpired entry suppresses <paramref name="finding"/>.</summary>
    public bool IsSuppressed(Finding finding) => SuppressionOf(finding) is not null;

    /// <summary>One line per expired and per unused entry, for the console and the reports.</summary>
    public IEnumerable<string> Warnings()
    {
        foreach (var entry in Expired)
        {
            yield return $"suppression {entry} expired on {entry.ExpiresText}: its findings count again; fix them, or renew the entry with a new reason and expiry";
        }

        foreach (var entry in Unused)
        {
            yield return $"suppression {entry} matched no finding in this run: remove it (the finding is fixed or its subject renamed)";
        }
    }
}
