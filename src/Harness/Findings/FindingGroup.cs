using System.Globalization;

namespace Harness.Findings;

/// <summary>
/// The findings of one rule about one subject (one <see cref="Finding.Fingerprint"/>): what every report shows once, with
/// how many there were, the tenant pairs involved and a few examples. A planted flaw that one hundred probes each
/// confirm is one group of one hundred, not one hundred entries.
/// </summary>
public sealed class FindingGroup
{
    /// <summary>How many findings a group shows as examples.</summary>
    public const int MaxExamples = 3;

    /// <summary>How many tenant pairs <see cref="PairsText"/> names before it elides the rest.</summary>
    public const int MaxPairsNamed = 4;

    private FindingGroup(IReadOnlyList<Finding> findings)
    {
        Findings = findings;
        Pairs = [.. findings.Select(f => f.Tenants).OfType<FindingTenants>().Distinct()];
    }

    /// <summary>The group's identity: <see cref="FindingFingerprint"/> of its rule and subject.</summary>
    public string Fingerprint => Findings[0].Fingerprint;

    public Rule Rule => Findings[0].Rule;

    public Severity Severity => Rule.Severity;

    /// <summary>The scenario family of the group's first finding.</summary>
    public string Scenario => Findings[0].Scenario;

    public string Subject => Findings[0].Subject;

    public int Count => Findings.Count;

    /// <summary>Every finding of the group, in report order.</summary>
    public IReadOnlyList<Finding> Findings { get; }

    /// <summary>The first <see cref="MaxExamples"/> findings, whose message, evidence and reproduction the reports show.</summary>
    public IReadOnlyList<Finding> Examples => [.. Findings.Take(MaxExamples)];

    /// <summary>The distinct attacker → victim pairs the findings name, in report order (none for findings without tenants).</summary>
    public IReadOnlyList<FindingTenants> Pairs { get; }

    /// <summary>
    /// The pairs in a few words: <c>12 pairs: 1→2, 1→3, 1→4, 2→1, …</c>, <c>1 pair: a→b</c>, or an empty string when the
    /// findings name no tenants.
    /// </summary>
    public string PairsText
    {
        get
        {
            if (Pairs.Count == 0)
            {
                return "";
            }

            var named = string.Join(", ", Pairs.Take(MaxPairsNamed).Select(p => $"{p.Attacker}\u2192{p.Victim}"));
            var noun = Pairs.Count == 1 ? "pair" : "pairs";
            return string.Create(CultureInfo.InvariantCulture, $"{Pairs.Count} {noun}: {named}{(Pairs.Count > MaxPairsNamed ? ", \u2026" : "")}");
        }
    }

    /// <summary>
    /// The findings grouped by fingerprint: the most severe group first, then in the order each group's first finding
    /// appears. Every finding is in exactly one group.
    /// </summary>
    public static IReadOnlyList<FindingGroup> Of(IEnumerable<Finding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        var groups = new Dictionary<string, List<Finding>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var finding in findings)
        {
            var key = finding.Fingerprint;
            if (!groups.TryGetValue(key, out var list))
            {
                groups.Add(key, list = []);
                order.Add(key);
            }

            list.Add(finding);
        }

        return [.. order
            .Select((key, position) => (Group: new FindingGroup(groups[key]), Position: position))
            .OrderByDescending(g => g.Group.Severity)
            .ThenBy(g => g.Position)
            .Select(g => g.Group)];
    }
}
