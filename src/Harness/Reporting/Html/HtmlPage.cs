using Harness.Findings;
using Harness.Ledger;

namespace Harness.Reporting.Html;

/// <summary>
/// What the sections of one HTML report share: the verdict, counts, the matrix, the finding groups (one rule about one
/// subject) in display order under their rules, and which groups get details.
/// </summary>
internal sealed class HtmlPage
{
    public HtmlPage(RunReport report, SeedLedger? ledger)
    {
        var findings = report.Findings.ToList();
        Report = report;
        Verdict = RunVerdict.Of(report);
        Findings = findings;
        Passed = report.Scenarios.Sum(s => s.Checks.Count(c => c.Passed));
        SeededTenants = ledger?.Tenants.Count ?? report.Tenants;
        Matrix = TenantMatrix.Build(
            findings, report.Scenarios.SelectMany(s => s.Checks).SelectMany(c => c.ProbedPairs), ledger, HtmlReportWriter.MaxMatrixTenants);

        // FindingGroup.Of orders by severity, then first appearance; the rules follow their most severe group.
        FindingGroups = FindingGroup.Of(findings);
        Groups = [.. FindingGroups
            .Select((group, index) => (group, index))
            .GroupBy(g => g.group.Rule.Id, StringComparer.Ordinal)
            .Select(g => new RuleGroup(g.First().group.Rule, g.Max(x => x.group.Severity), [.. g.Select(x => x.index)]))
            .OrderByDescending(g => g.Severity)
            .ThenBy(g => g.Rule.Id, StringComparer.Ordinal)];
        var groupOf = FindingGroups.Select((group, index) => (group.Fingerprint, index))
            .ToDictionary(p => p.Fingerprint, p => p.index, StringComparer.Ordinal);
        GroupOfFinding = [.. findings.Select(f => groupOf[f.Fingerprint])];
        var order = Groups.SelectMany(g => g.Items).ToList();
        DisplayRank = order.Select((index, rank) => (index, rank)).ToDictionary(p => p.index, p => p.rank);
        Rendered = order.Take(HtmlReportWriter.MaxFindingDetails).ToHashSet();
    }

    public RunReport Report { get; }

    public RunVerdict Verdict { get; }

    /// <summary>Every finding, in report order; sections refer to one by its position here.</summary>
    public IReadOnlyList<Finding> Findings { get; }

    /// <summary>The findings by fingerprint (<see cref="FindingGroup.Of"/>); sections refer to a group by its position here.</summary>
    public IReadOnlyList<FindingGroup> FindingGroups { get; }

    /// <summary>For each finding (by position in <see cref="Findings"/>), the position of its group in <see cref="FindingGroups"/>.</summary>
    public IReadOnlyList<int> GroupOfFinding { get; }

    public int GateCount => Verdict.GateFindings.Count;

    public int Checks => Verdict.Checks;

    public int Passed { get; }

    public int Probes => Verdict.Probes;

    /// <summary>The ledger's tenants, else the report's tenant count.</summary>
    public int SeededTenants { get; }

    public TenantMatrix Matrix { get; }

    /// <summary>The finding groups by rule, the most severe rule first.</summary>
    public IReadOnlyList<RuleGroup> Groups { get; }

    /// <summary>Each finding group's place in display order.</summary>
    public IReadOnlyDictionary<int, int> DisplayRank { get; }

    /// <summary>The finding groups that get a detail entry (the first <see cref="HtmlReportWriter.MaxFindingDetails"/> in display order).</summary>
    public IReadOnlySet<int> Rendered { get; }
}

/// <summary>The finding groups of one rule: their worst severity, and their positions in <see cref="HtmlPage.FindingGroups"/>, the most severe first.</summary>
internal sealed record RuleGroup(Rule Rule, Severity Severity, IReadOnlyList<int> Items);
