using Harness.Findings;

namespace Harness.Reporting.Json;

/// <summary>
/// An entry of the run's baseline in report.json, with what it did in this run: <c>applied</c> (it suppressed findings),
/// <c>expired</c> (it suppresses nothing since <see cref="Expires"/>) or <c>unused</c> (it matched no finding).
/// </summary>
/// <param name="Expires">The day it stops suppressing (<c>2027-03-01</c>); absent when it does not expire.</param>
/// <param name="Source">Where the entry is written (file:line).</param>
public sealed record SuppressionDocument(
    string Rule, string Subject, string Fingerprint, string Reason, string Source, string Status, string? Expires = null)
{
    internal static IReadOnlyList<SuppressionDocument>? From(RunReport report)
    {
        if (report.Baseline is not { } baseline)
        {
            return null;
        }

        var result = report.Suppressions;
        return [.. baseline.Suppressions.Select(s => new SuppressionDocument(
            s.Rule, s.Subject, s.Fingerprint, s.Reason, s.Source,
            result.Expired.Contains(s) ? "expired" : result.Unused.Contains(s) ? "unused" : "applied", s.ExpiresText))];
    }

    /// <summary>The baseline these entries were, for a report read back (a merge judges its findings by it again).</summary>
    internal static Baseline? ToBaseline(string? source, IReadOnlyList<SuppressionDocument>? entries) =>
        entries is null
            ? null
            : new Baseline(source ?? "report.json", [.. entries.Select(e => new Suppression(
                e.Rule, e.Subject, e.Fingerprint, e.Reason,
                e.Expires is null ? null : BaselineFile.ParseDate(e.Expires) ?? throw new FormatException($"suppression {e.Rule} {e.Subject} has expires '{e.Expires}', not a date"),
                e.Source))]);
}

/// <summary>A finding the baseline suppressed, with the entry's reason and expiry: listed, but not counted by the gate.</summary>
public sealed record SuppressedFindingDocument(FindingDocument Finding, string Reason, string Source, string? Expires = null)
{
    internal static SuppressedFindingDocument From(SuppressedFinding suppressed) =>
        new(FindingDocument.From(suppressed.Finding), suppressed.By.Reason, suppressed.By.Source, suppressed.By.ExpiresText);
}
