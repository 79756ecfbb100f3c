using Harness.Findings;
using Harness.Ledger;

namespace Harness.Reporting.Html;

/// <summary>What the sections of one HTML report share: the verdict, counts, the matrix, and the findings' display order (groups) and which get details.</summary>
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
        Matrix = TenantMatrix.Build(findings, ledger, HtmlReportWriter.MaxMatrixTenants);
        Groups = [.. Enumerable.Range(0, findings.Count)
            .GroupBy(i => findings[i].Rule.Id, StringComparer.Ordinal)
            .Select(g => new RuleGroup(
                findings[g.First()].Rule,
                g.Max(i => findings[i].Severity),
                [.. g.OrderByDescending(i => findings[i].Severity).ThenBy(i => i)]))
            .OrderByDescending(g => g.Severity)
            .ThenBy(g => g.Rule.Id, StringComparer.Ordinal)];
        var order = Groups.SelectMany(g => g.Items).ToList();
        DisplayRank = order.Select((index, rank) => (index, rank)).ToDictionary(p => p.index, p => p.rank);
        Rendered = order.Take(HtmlReportWriter.MaxFindingDetails).ToHashSet();
    }

    public RunReport Report { get; }

    public RunVerdict Verdict { get; }

    /// <summary>Every finding, in report order; sections refer to one by its position here.</summary>
    public IReadOnlyList<Finding> Findings { get; }

    public int GateCount => Verdict.GateFindings.Count;

    public int Checks => Verdict.Checks;

    public int Passed { get; }

    public int Probes => Verdict.Probes;

    /// <summary>The ledger's tenants, else the report's tenant count.</summary>
    public int SeededTenants { get; }

    public TenantMatrix Matrix { get; }

    /// <summary>The findings by rule, the most severe rule first.</summary>
    public IReadOnlyList<RuleGroup> Groups { get; }

    /// <summary>Each finding's place in display order.</summary>
    public IReadOnlyDictionary<int, int> DisplayRank { get; }

    /// <summary>The findings that get a detail entry (the first <see cref="HtmlReportWriter.MaxFindingDetails"/> in display order).</summary>
    public IReadOnlySet<int> Rendered { get; }
}

/// <summary>The findings of one rule: their worst severity, and their positions, the most severe first.</summary>
internal sealed record RuleGroup(Rule Rule, Severity Severity, IReadOnlyList<int> Items);
