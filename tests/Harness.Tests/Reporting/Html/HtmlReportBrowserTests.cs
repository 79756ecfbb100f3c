using System.Buffers.Binary;
using FluentAssertions;
using Harness.Reporting;
using Harness.Tests.Infrastructure;

namespace Harness.Tests.Reporting.Html;

/// <summary>The HTML report as a browser sees it: Debian's chromium, headless, renders the file and dumps its DOM or a screenshot.</summary>
public sealed class HtmlReportBrowserTests : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("harness-html-browser-");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => folder.Delete(recursive: true);

    [Fact]
    public async Task Chromium_renders_the_matrix_cells_and_the_findings_by_rule_and_runs_no_injected_script()
    {
        await SkipWithoutBrowserAsync();
        var path = Path.Combine(folder.FullName, "report.html");
        await HtmlReportWriter.WriteAsync(TenantPairReports.FiveTenants(), path, TenantPairReports.Ledger(5), Token);

        var dom = await HeadlessChromium.DumpDomAsync(path, Token);

        var cells = HtmlDom.Cells(dom);
        cells.Should().HaveCount(25, "5 attackers x 5 victims");
        foreach (var ((attacker, victim), cell) in cells)
        {
            var expected = (attacker, victim) switch
            {
                ("t1", "t3") => "2",
                ("t2", "t4") => "1",
                _ => "0",
            };
            cell.Should().Contain("data-findings", expected, $"{attacker} -> {victim}");
            HtmlDom.HasClass(cell, "leak").Should().Be(expected != "0", $"{attacker} -> {victim}");
            cell.Should().ContainKey("title");
        }

        HtmlDom.Tags(dom, "section").Where(t => t.ContainsKey("data-rule")).Select(t => t["data-rule"])
            .Should().Equal("AUD001", "IDR002", "IDR001", "IDR004");
        HtmlDom.Tags(dom, "html").Should().ContainSingle().Which.Should()
            .Contain("data-js", "on", "the page's own script runs under its hash-pinned policy")
            .And.NotContainKey("data-pwned", "a script inside a finding is text");
        dom.Should().Contain("&lt;script&gt;document.documentElement.setAttribute('data-pwned','1')&lt;/script&gt;");
        HtmlDom.Tags(dom, "img").Should().BeEmpty();
        dom.Should().Contain("<span id=\"verdict\">FAIL</span>");
    }

    [Fact]
    public async Task Chromium_takes_a_screenshot_into_the_reports_folder()
    {
        await SkipWithoutBrowserAsync();
        var reports = Path.Combine(RepositoryPaths.Root, "reports");
        Directory.CreateDirectory(reports);
        var html = Path.Combine(reports, "html-report.html");
        var png = Path.Combine(reports, "html-report.png");
        File.Delete(png);
        await HtmlReportWriter.WriteAsync(TenantPairReports.FiveTenants(), html, TenantPairReports.Ledger(5), Token);

        await HeadlessChromium.ScreenshotAsync(html, png, 1280, 1600, Token);

        var bytes = await File.ReadAllBytesAsync(png, Token);
        bytes.Length.Should().BeGreaterThan(20_000, "a rendered report is more than a blank page");
        bytes.AsSpan(0, 8).ToArray().Should().Equal(0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A);
        BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4)).Should().Be(1280, "the IHDR width");
        BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20, 4)).Should().Be(1600, "the IHDR height");
    }

    [Fact]
    public async Task Chromium_renders_the_metrics_table_and_the_series_charts_under_the_pages_policy()
    {
        await SkipWithoutBrowserAsync();
        var path = Path.Combine(folder.FullName, "report.html");
        await HtmlReportWriter.WriteAsync(MetricReports.Load(), path, Token);

        var dom = await HeadlessChromium.DumpDomAsync(path, Token);

        HtmlDom.Tags(dom, "tr").Where(t => t.ContainsKey("data-metric")).Should().HaveCount(2);
        HtmlDom.Tags(dom, "tr").Where(t => t.ContainsKey("data-tenant")).Should().ContainSingle();
        HtmlDom.Tags(dom, "polyline").Select(t => t["points"].Split(' ').Length).Should().Equal(4, 1);
        HtmlDom.Tags(dom, "svg").Select(t => t["id"]).Should().Equal("series-1", "series-2", "timings");
        HtmlDom.Tags(dom, "html").Should().ContainSingle().Which.Should().Contain("data-js", "on");
        dom.Should().Contain("<span id=\"verdict\">PASS</span>");
    }

    private static async Task SkipWithoutBrowserAsync()
    {
        if (await HeadlessChromium.UnavailableReasonAsync(Token) is { } reason)
        {
            Assert.Skip(reason);
        }
    }
}
