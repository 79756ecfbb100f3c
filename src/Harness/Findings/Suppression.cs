using System.Globalization;

namespace Harness.Findings;

/// <summary>
/// One entry of a baseline file: findings of <see cref="Rule"/> about <see cref="Subject"/> (one <see cref="Fingerprint"/>)
/// are accepted for now, for <see cref="Reason"/>, until <see cref="Expires"/> when it has one.
/// </summary>
/// <param name="Rule">The rule id, e.g. <c>AUD003</c>.</param>
/// <param name="Subject">The finding's subject, as the reports spell it.</param>
/// <param name="Fingerprint">The findings' fingerprint (<see cref="FindingFingerprint"/> of rule and subject).</param>
/// <param name="Reason">Why the findings are accepted; never empty.</param>
/// <param name="Expires">The day the suppression stops suppressing (it suppresses up to the day before), or null when it does not expire.</param>
/// <param name="Source">Where the entry is written, e.g. <c>harness-baseline.yaml:12</c>, for messages.</param>
public sealed record Suppression(string Rule, string Subject, string Fingerprint, string Reason, DateOnly? Expires, string Source)
{
    /// <summary>Whether the suppression no longer suppresses on <paramref name="day"/>: it has an expiry on or before that day.</summary>
    public bool IsExpiredOn(DateOnly day) => Expires is { } expires && day >= expires;

    /// <summary>The expiry as the baseline file writes it (<c>2027-03-01</c>), or null.</summary>
    public string? ExpiresText => Expires?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public override string ToString() => $"{Rule} {Subject} ({Source})";
}
