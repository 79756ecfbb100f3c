using Harness.Cli.Terminal;
using Harness.Reporting;

namespace Harness.Cli.Commands;

/// <summary>
/// How a command that judges once (audit, verify-*, drill *) ends: its report set written to
/// <c>&lt;reports&gt;/&lt;started&gt;-&lt;name&gt;</c>, the summary printed, and the exit code the verdict decides.
/// </summary>
internal static class ReportOutput
{
    public static async Task<int> WriteAndSummarizeAsync(
        RunReport report, string reportsRoot, string name, RunDisplay display, CancellationToken cancellationToken)
    {
        var folder = Path.GetFullPath(Path.Combine(reportsRoot, $"{report.StartedAt:yyyyMMdd-HHmmss}-{name}"));
        await ReportSet.WriteAsync(report, folder, null, cancellationToken);
        return display.PrintSummary(report, folder);
    }
}
