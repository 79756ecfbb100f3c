using Harness.Findings;
using Harness.Reporting;
using Harness.Running;

namespace Harness.Tests.Reporting;

/// <summary>
/// A run report of a family that works in stages: three migration steps judged by two rules, with a finding located in a
/// migration file, a check that could not judge, a rule that did not run at one step, and one check without a step.
/// </summary>
internal static class SteppedReports
{
    public static readonly Rule RlsDisabled = new("STP001", "RLS disabled on a tenant table", Severity.Critical, "Enable and force row-level security again.");

    public static readonly Rule Widened = new("STP004", "Quick matrix allows what it denied", Severity.High, "Restore the tenant condition.");

    public static readonly Rule Lint = new("STP013", "Migration text to check", Severity.Info, "Read the statement.");

    public const string BrokenStep = "007_archive.sql";

    public static Finding Disabled(string path, int line) => new(
        RlsDisabled, "stepped", "sites", "Row-level security was disabled on sites by 007_archive.sql.", "relrowsecurity: true -> false")
    {
        Location = new SourceFile(path, line),
    };

    public static readonly Finding Leak = new(
        Widened, "stepped", "sites", "Tenant 1 now reads tenant 2's sites.", "1 row of tenant 2") { Tenants = new FindingTenants("1", "2") };

    public static RunReport Report(string migrationPath) => SampleReports.Clean() with
    {
        Scenarios =
        [
            new ScenarioResult(
                "stepped",
                [
                    new CheckResult(RlsDisabled, "sites", []) { Step = "005_init.sql" },
                    new CheckResult(Widened, "sites", []) { Step = "005_init.sql" },
                    new CheckResult(RlsDisabled, "sites", []) { Step = "006_names.sql" },
                    new CheckResult(Widened, "sites", []) { Step = "006_names.sql", NotCovered = "no seeded rows of tenant 2" },
                    new CheckResult(RlsDisabled, "sites", [Disabled(migrationPath, 3)]) { Step = BrokenStep },
                    new CheckResult(RlsDisabled, "notes", []) { Step = BrokenStep },
                    new CheckResult(Lint, "migrations", []),
                ],
                TimeSpan.FromSeconds(2)),
        ],
    };

    /// <summary>The same report where the broken step also leaks, found by a second rule.</summary>
    public static RunReport Leaking(string migrationPath)
    {
        var report = Report(migrationPath);
        var scenario = report.Scenarios[0];
        return report with
        {
            Scenarios = [scenario with { Checks = [.. scenario.Checks, new CheckResult(Widened, "sites", [Leak]) { Step = BrokenStep }] }],
        };
    }
}
