using Harness.Findings;
using Harness.Ledger;
using Harness.Reporting;
using Harness.Running;

namespace Harness.Tests.Reporting.Grouping;

/// <summary>
/// A run in which one planted read flaw gave about a hundred near-identical findings: ninety cross-tenant reads of one
/// endpoint among ten tenants, and ten leaked rows of one table through the database; names unlike the sample's.
/// </summary>
internal static class PlantedFlawReports
{
    public const string Endpoint = "GET /ledgers/{ledgerId}";

    public const string EndpointSubject = Endpoint + " read";

    public const string TableSubject = "ledger_entries SELECT other-tenant";

    public static readonly Rule ReadById = new("IDR001", "Cross-tenant read by id", Severity.High, "Scope the lookup by the caller's tenant.");

    public static readonly Rule TableLeak = new("RLS002", "Rows of another tenant visible", Severity.Critical, "Write a policy that compares the tenant key.");

    public static readonly Rule Tamper = new("IDR003", "Tenant id taken from the request", Severity.High, "Take the tenant from the credential.");

    /// <summary>Tenants <c>a01</c>... named by their number.</summary>
    public static string Tenant(int number) => $"a{number:00}";

    /// <summary>Every ordered pair of <paramref name="tenants"/> distinct tenants.</summary>
    public static IEnumerable<FindingTenants> Pairs(int tenants) =>
        from a in Enumerable.Range(1, tenants) from v in Enumerable.Range(1, tenants) where a != v select new FindingTenants(Tenant(a), Tenant(v));

    public static Finding Read(FindingTenants pair) =>
        new(ReadById, "idor", EndpointSubject,
            $"{Endpoint}: tenant {pair.Attacker} read a ledger of tenant {pair.Victim}",
            $"status 200; leaked: canary cnry-{pair.Victim}-7 of {pair.Victim}",
            $"curl -H 'Authorization: Bearer <token of {pair.Attacker}>' http://127.0.0.1:5000/ledgers/7")
        {
            Tenants = pair,
        };

    public static Finding Leak(int row) =>
        new(TableLeak, "rls", TableSubject, $"ledger_entries: row {row} of another tenant is visible", $"row {row}: amount 10", "SELECT * FROM ledger_entries;");

    /// <summary>
    /// 90 reads among tenants a01..a10 (every ordered pair), 10 table leaks, 1 clean tamper check; the read check probed
    /// only the pairs among a01..a10 of the <paramref name="tenants"/> seeded.
    /// </summary>
    public static RunReport Report(int tenants = 10) => new()
    {
        RunId = "20261130-000000-planted",
        Target = "ledger-app",
        Postgres = "local cluster",
        StartedAt = new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero),
        Duration = TimeSpan.FromSeconds(4),
        Tenants = tenants,
        Scenarios =
        [
            new ScenarioResult(
                "idor",
                [
                    new CheckResult(ReadById, EndpointSubject, [.. Pairs(10).Select(Read)], Probes: 90) { ProbedPairs = [.. Pairs(10)] },
                    new CheckResult(Tamper, Endpoint + " tamper-route", [], Probes: 9) { ProbedPairs = [.. Pairs(10).Take(9)] },
                ],
                TimeSpan.FromSeconds(3)),
            new ScenarioResult("rls", [new CheckResult(TableLeak, TableSubject, [.. Enumerable.Range(1, 10).Select(Leak)], Probes: 10)], TimeSpan.FromSeconds(1)),
        ],
    };

    /// <summary>A seed ledger of <paramref name="tenants"/> tenants whose names carry a canary, as seeded names do.</summary>
    public static SeedLedger Ledger(int tenants) =>
        new(7, "org_id", [.. Enumerable.Range(1, tenants).Select(i => new SeededTenant(i - 1, Tenant(i), $"Org cnry-{Tenant(i)}-name {i}", [], []))]);

    /// <summary>A PASS: the read and tamper checks found nothing, and the table check passed for three operations.</summary>
    public static RunReport Clean() => Report() with
    {
        Scenarios =
        [
            new ScenarioResult(
                "idor",
                [
                    new CheckResult(ReadById, EndpointSubject, [], Probes: 90) { ProbedPairs = [.. Pairs(10)] },
                    new CheckResult(Tamper, Endpoint + " tamper-route", [], Probes: 9),
                ],
                TimeSpan.FromSeconds(3)),
            new ScenarioResult(
                "rls",
                [
                    new CheckResult(TableLeak, "ledger_entries SELECT other-tenant", [], Probes: 10),
                    new CheckResult(TableLeak, "ledger_entries UPDATE other-tenant", [], Probes: 10),
                    new CheckResult(TableLeak, "journals SELECT other-tenant", [], Probes: 10),
                ],
                TimeSpan.FromSeconds(1)),
        ],
    };
}
