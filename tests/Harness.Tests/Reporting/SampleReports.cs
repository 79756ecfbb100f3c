using Harness.Findings;
using Harness.Reporting;
using Harness.Running;

namespace Harness.Tests.Reporting;

/// <summary>Run reports built in memory: two scenarios, a critical and a low finding, and checks that passed.</summary>
internal static class SampleReports
{
    public static readonly Rule RlsMissing = new(
        "AUD001", "Tenant table without row-level security", Severity.Critical,
        "ALTER TABLE <table> ENABLE ROW LEVEL SECURITY; ALTER TABLE <table> FORCE ROW LEVEL SECURITY;");

    public static readonly Rule NoPolicy = new(
        "AUD004", "RLS enabled but no policy", Severity.Medium, "CREATE POLICY tenant ON <table> USING (...);");

    public static readonly Rule ReadById = new(
        "IDR001", "Cross-tenant read by id", Severity.High, "Scope the lookup by the caller's tenant.");

    public static readonly Rule ListCount = new(
        "IDR004", "List total counts every tenant", Severity.Low, "Count only the caller's tenant's rows.");

    public static readonly Finding Critical = new(
        RlsMissing, "audit", "orders",
        "Table orders has company_id but row-level security is off: every tenant's rows are visible to the app role.",
        "relrowsecurity = false, relforcerowsecurity = false, owner = postgres",
        "SELECT c.relname, c.relrowsecurity FROM pg_class c WHERE c.oid = '\"s\".\"orders\"'::regclass;");

    /// <summary>A message with a pipe and a line break, both of which would break a Markdown table row.</summary>
    public static readonly Finding Low = new(
        ListCount, "idor", "GET /sites",
        "GET /sites answers X-Total | count of all tenants\nnot only the caller's",
        "tenant A sees X-Total: 250 with 5 own rows",
        "curl -H 'Authorization: Bearer <token of tenant A>' http://localhost:5000/sites");

    public static RunReport Failing(Severity failOn = Severity.Low) => new()
    {
        RunId = "20261123-002751-euaqfgbc",
        Target = "sample-target",
        Postgres = "local cluster 15.8 on 127.0.0.1:54321",
        StartedAt = new DateTimeOffset(2026, 11, 23, 0, 27, 51, TimeSpan.Zero),
        Duration = TimeSpan.FromSeconds(3.5),
        Seed = 42,
        Tenants = 50,
        SeededRows = 1234,
        FailOn = failOn,
        Scenarios =
        [
            new ScenarioResult(
                "audit",
                [
                    new CheckResult(RlsMissing, "orders", [Critical]),
                    new CheckResult(RlsMissing, "sites", []),
                    new CheckResult(NoPolicy, "sites", []),
                ],
                TimeSpan.FromSeconds(1.25)),
            new ScenarioResult(
                "idor",
                [
                    new CheckResult(ReadById, "GET /sites/{id}", [], Probes: 12),
                    new CheckResult(ListCount, "GET /sites", [Low], Probes: 3),
                ],
                TimeSpan.FromSeconds(2)),
        ],
    };

    public static RunReport Clean() => Failing() with
    {
        Scenarios =
        [
            new ScenarioResult(
                "audit",
                [new CheckResult(RlsMissing, "orders", []), new CheckResult(NoPolicy, "orders", [])],
                TimeSpan.FromSeconds(0.5)),
        ],
    };

    /// <summary>A clean audit, and an RLS matrix that refused to run (the app role bypasses RLS).</summary>
    public static RunReport Incomplete() => Clean() with
    {
        Scenarios =
        [
            .. Clean().Scenarios,
            new ScenarioResult("rls", [], TimeSpan.FromSeconds(0.1)) { Error = "The app role 'app' has BYPASSRLS; refusing to run." },
        ],
    };

    /// <summary>A report with <paramref name="count"/> low findings, one check each.</summary>
    public static RunReport Many(int count) => Failing() with
    {
        Scenarios =
        [
            new ScenarioResult(
                "idor",
                [
                    .. Enumerable.Range(0, count).Select(i =>
                    {
                        var finding = Low with { Subject = $"GET /sites/{i}", Message = $"finding {i}" };
                        return new CheckResult(ListCount, finding.Subject, [finding]);
                    }),
                ],
                TimeSpan.FromSeconds(1)),
        ],
    };
}
