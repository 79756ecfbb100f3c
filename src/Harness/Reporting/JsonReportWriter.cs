using System.Text.Json;
using Harness.Reporting.Json;

namespace Harness.Reporting;

/// <summary>Writes the machine-readable report: summary, per-scenario checks, and every finding with its evidence (<see cref="ReportDocument"/>).</summary>
public static class JsonReportWriter
{
    public static async Task WriteAsync(RunReport report, string path, CancellationToken cancellationToken = default)
    {
        await using var stream = File.Create(path);
        await JsonSerializer.SerializeAsync(stream, ReportDocument.From(report), ReportJsonContext.Default.ReportDocument, cancellationToken);
    }
}
