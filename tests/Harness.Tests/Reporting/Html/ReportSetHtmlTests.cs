using FluentAssertions;
using Harness.Reporting;

namespace Harness.Tests.Reporting.Html;

/// <summary>The report set writes the HTML page next to the other formats, with the ledger's tenants in its matrix.</summary>
public sealed class ReportSetHtmlTests : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("harness-reportset-");

    public void Dispose() => folder.Delete(recursive: true);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_report_set_writes_report_html_and_lists_it(bool withLedger)
    {
        var ct = TestContext.Current.CancellationToken;
        var ledger = withLedger ? TenantPairReports.Ledger(5) : null;

        await ReportSet.WriteAsync(TenantPairReports.FiveTenants(), folder.FullName, ledger, ct);

        ReportSet.FileNames(withLedger).Should().Contain("report.html");
        Directory.GetFiles(folder.FullName).Select(Path.GetFileName).Should().BeEquivalentTo(ReportSet.FileNames(withLedger));
        var html = await File.ReadAllTextAsync(Path.Combine(folder.FullName, "report.html"), ct);
        html.Should().Be(HtmlReportWriter.Render(TenantPairReports.FiveTenants(), ledger));
        HtmlDom.Cells(html).Should().HaveCount(withLedger ? 25 : 16, "with the ledger every seeded tenant is on the axes, without it the 4 the findings name");
    }
}
