using System.Globalization;

namespace Harness.Reporting;

/// <summary>The facts of a run every human-readable report lists, in one order, formatted once.</summary>
internal static class RunFacts
{
    public static IReadOnlyList<(string Name, string Value)> Of(RunReport report, RunVerdict verdict) =>
    [
        ("run id", report.RunId),
        ("target", report.Target),
        ("postgres", report.Postgres),
        ("started", report.StartedAt.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture)),
        ("duration", report.Duration.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + "s"),
        ("seed", report.Seed.ToString(CultureInfo.InvariantCulture)),
        ("tenants", report.Tenants.ToString(CultureInfo.InvariantCulture)),
        ("seeded rows", report.SeededRows.ToString(CultureInfo.InvariantCulture)),
        ("fail on", report.FailOn.ToString().ToLowerInvariant()),
        ("exit code", verdict.ExitCode.ToString(CultureInfo.InvariantCulture)),
    ];
}
