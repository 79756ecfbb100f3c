using Harness.Ledger;

namespace Harness.Reporting;

/// <summary>
/// Writes every report format of a run into one folder with the files its scenarios handed it (<c>&lt;scenario id&gt;-&lt;file name&gt;</c>),
/// and the Markdown summary to the CI step summary when there is one.
/// </summary>
public static class ReportSet
{
    public static IReadOnlyList<string> FileNames(bool withLedger) =>
        withLedger
            ? ["report.json", "junit.xml", "results.sarif", "summary.md", "report.html", "ledger.json"]
            : ["report.json", "junit.xml", "results.sarif", "summary.md", "report.html"];

    /// <summary>Creates <paramref name="folder"/> and writes the reports (and the ledger when given).</summary>
    public static Task WriteAsync(RunReport report, string folder, SeedLedger? ledger, CancellationToken cancellationToken = default) =>
        WriteAsync(report, folder, ledger, locator: null, cancellationToken);

    /// <summary>
    /// Creates <paramref name="folder"/> and writes the reports (and the ledger when given); <paramref name="locator"/> says
    /// where in the manifest and migrations each finding's subject is written (SARIF points there), null when unknown.
    /// </summary>
    /// <exception cref="InvalidOperationException">Two artifacts would be written to the same file, or one to a report's file.</exception>
    public static async Task WriteAsync(RunReport report, string folder, SeedLedger? ledger, FindingLocator? locator, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArtifactFiles.RefuseCollisions(report, FileNames(withLedger: true));
        Directory.CreateDirectory(folder);
        await ArtifactFiles.WriteAsync(report, folder, cancellationToken);
        await JsonReportWriter.WriteAsync(report, Path.Combine(folder, "report.json"), cancellationToken);
        await JUnitReportWriter.WriteAsync(report, Path.Combine(folder, "junit.xml"), cancellationToken);
        await SarifReportWriter.WriteAsync(report, Path.Combine(folder, "results.sarif"), locator, cancellationToken);
        await MarkdownReportWriter.WriteAsync(report, Path.Combine(folder, "summary.md"), cancellationToken);
        await HtmlReportWriter.WriteAsync(report, Path.Combine(folder, "report.html"), ledger, cancellationToken);
        if (ledger is not null)
        {
            await ledger.SaveAsync(Path.Combine(folder, "ledger.json"), cancellationToken);
        }

        // GitHub Actions (and compatible runners) show this file on the job's summary page.
        if (Environment.GetEnvironmentVariable("GITHUB_STEP_SUMMARY") is { Length: > 0 } stepSummary)
        {
            await File.AppendAllTextAsync(stepSummary, MarkdownReportWriter.Render(report) + Environment.NewLine, cancellationToken);
        }
    }
}
