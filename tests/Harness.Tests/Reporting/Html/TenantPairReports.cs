using Harness.Findings;
using Harness.Ledger;
using Harness.Reporting;
using Harness.Running;

namespace Harness.Tests.Reporting.Html;

/// <summary>Run reports whose findings name attacker and victim tenants, for the HTML report's matrix.</summary>
internal static class TenantPairReports
{
    public static readonly Rule WriteById = new(
        "IDR002", "Cross-tenant update by id", Severity.Critical, "Scope the update by the caller's tenant and check the affected row count.");

    /// <summary>Text with every character HTML gives a meaning to, and a script that marks the page if it ever runs.</summary>
    public const string Hostile = "<script>document.documentElement.setAttribute('data-pwned','1')</script> & \"quoted\" 'single' <img src=x>";

    /// <summary>A finding of <paramref name="rule"/> in which tenant <paramref name="attacker"/> reached <paramref name="victim"/>'s data.</summary>
    public static Finding Pair(Rule rule, string attacker, string victim, string subject = "GET /sites/{id}") =>
        new(
            rule, "idor", subject,
            $"{subject} as a user of {attacker} answered 200 with a row of {victim}.",
            $"status 200, body carries canary cnry-{victim}-r0001 of {victim}",
            $"curl -s -H 'Authorization: Bearer <token of {attacker}>' http://localhost:5000/sites/42")
        {
            Tenants = new FindingTenants(attacker, victim),
        };

    /// <summary>A seed ledger of tenants t1..tN named "Company 1".."Company N".</summary>
    public static SeedLedger Ledger(int tenants) =>
        new(42, "company_id", [.. Enumerable.Range(1, tenants).Select(i => new SeededTenant(i - 1, $"t{i}", $"Company {i}", [], []))]);

    /// <summary>
    /// Five tenants; t1 reached t3 twice (a high read and a critical update), t2 reached t4 once (a high read); plus the
    /// sample's critical catalog finding (no tenants) and a low finding with hostile text (no tenants).
    /// </summary>
    public static RunReport FiveTenants() => SampleReports.Failing() with
    {
        Tenants = 5,
        SeededRows = 75,
        Scenarios =
        [
            new ScenarioResult(
                "audit",
                [
                    new CheckResult(SampleReports.RlsMissing, "orders", [SampleReports.Critical]),
                    new CheckResult(SampleReports.NoPolicy, "sites", []),
                ],
                TimeSpan.FromSeconds(0.75)),
            new ScenarioResult(
                "idor",
                [
                    new CheckResult(SampleReports.ReadById, "GET /sites/{id}", [Pair(SampleReports.ReadById, "t1", "t3"), Pair(SampleReports.ReadById, "t2", "t4")], Probes: 20),
                    new CheckResult(WriteById, "PUT /sites/{id}", [Pair(WriteById, "t1", "t3", "PUT /sites/{id}")], Probes: 20),
                    new CheckResult(SampleReports.ListCount, "GET /search", [SampleReports.Low with { Subject = "GET /search?q=<b>", Message = Hostile, Evidence = Hostile }], Probes: 5),
                ],
                TimeSpan.FromSeconds(2.5)),
            new ScenarioResult("rls", [new CheckResult(SampleReports.NoPolicy, "sites", [], Probes: 40)], TimeSpan.FromSeconds(1.25)),
        ],
    };

    /// <summary>
    /// A run with <paramref name="tenants"/> seeded tenants in which each of the first <paramref name="attackers"/> tenants
    /// (t1, t2, ...) reached the next one's data once (t1 → t2, t2 → t3, ...).
    /// </summary>
    public static RunReport Chain(int tenants, int attackers) => SampleReports.Failing() with
    {
        Tenants = tenants,
        Scenarios =
        [
            new ScenarioResult(
                "idor",
                [
                    new CheckResult(
                        SampleReports.ReadById, "GET /sites/{id}",
                        [.. Enumerable.Range(1, attackers).Select(i => Pair(SampleReports.ReadById, $"t{i}", $"t{i + 1}"))],
                        Probes: attackers),
                ],
                TimeSpan.FromSeconds(1)),
        ],
    };
}
