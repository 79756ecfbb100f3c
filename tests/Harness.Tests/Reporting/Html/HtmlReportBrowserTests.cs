using System.Buffers.Binary;
using System.Text.RegularExpressions;
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

    [Fact]
    public async Task Chromium_draws_shared_banded_and_percentile_charts_without_a_console_message()
    {
        await SkipWithoutBrowserAsync();
        var path = Path.Combine(folder.FullName, "report.html");
        await HtmlReportWriter.WriteAsync(SoakReports.Soak(), path, Token);

        var (dom, console) = await HeadlessChromium.DumpDomAndConsoleAsync(path, 1280, 900, Token);

        console.Should().BeEmpty("no script error, blocked resource or policy violation");
        HtmlDom.Tags(dom, "html").Should().ContainSingle().Which.Should().Contain("data-js", "on");
        HtmlDom.Tags(dom, "svg").Select(t => t["id"]).Should().Equal("series-1", "series-2", "series-3", "timings");
        HtmlDom.Tags(dom, "svg").Single(t => t["id"] == "series-3")["data-scale"].Should().Be("percentile");
        HtmlDom.Tags(dom, "polyline").Select(t => t["data-series"]).Should().Equal(
            "p99 latency t1", "p99 latency t2", "p99 latency t3", "429/s t1", "t2 baseline", "t2 flood");
        HtmlDom.Tags(dom, "g").Where(t => t.ContainsKey("data-band")).Should().HaveCount(6, "three phases in each of two charts");
        HtmlDom.Tags(dom, "g").Where(t => t.ContainsKey("data-legend")).Should().HaveCount(5, "three tenants and two spectra");
        HtmlDom.Tags(dom, "tr").Where(t => t.ContainsKey("data-tenant")).Should().HaveCount(9);
    }

    [Fact]
    public async Task Chromium_takes_a_screenshot_of_the_soak_charts_into_the_reports_folder()
    {
        await SkipWithoutBrowserAsync();
        var reports = Path.Combine(RepositoryPaths.Root, "reports");
        Directory.CreateDirectory(reports);
        var html = Path.Combine(reports, "html-report-soak.html");
        var png = Path.Combine(reports, "html-report-soak.png");
        File.Delete(png);
        await HtmlReportWriter.WriteAsync(SoakReports.Soak(), html, Token);

        await HeadlessChromium.ScreenshotAsync(html, png, 1280, 2400, Token);

        (await File.ReadAllBytesAsync(png, Token)).Length.Should().BeGreaterThan(20_000, "a rendered report is more than a blank page");
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(640)]
    public async Task Chromium_lays_the_charts_and_the_tenant_table_out_within_the_viewport_width(int width)
    {
        await SkipWithoutBrowserAsync();
        var html = HtmlReportWriter.Render(SoakReports.Soak());
        // A copy that measures itself: the page's policy (which pins its own script alone) is left out of the copy only.
        var measured = Regex.Replace(html, "<meta http-equiv=\"Content-Security-Policy\"[^>]*>", "")
            .Replace("</body>", $"<script>{MeasureScript}</script></body>", StringComparison.Ordinal);
        measured.Should().NotBe(html);
        var path = Path.Combine(folder.FullName, "measured.html");
        await File.WriteAllTextAsync(path, measured, Token);

        var (dom, console) = await HeadlessChromium.DumpDomAndConsoleAsync(path, width, 900, Token);

        console.Should().BeEmpty();
        var page = HtmlDom.Tags(dom, "html").Should().ContainSingle().Subject;
        page["data-viewport"].Should().Be(width.ToString(System.Globalization.CultureInfo.InvariantCulture));
        page["data-overflow"].Should().BeEmpty("every chart and table box of the metrics ends inside the viewport (a wide table scrolls inside its own box)");
        if (width >= 1280)
        {
            int.Parse(page["data-scroll-width"], System.Globalization.CultureInfo.InvariantCulture).Should().BeLessThanOrEqualTo(width, "the page does not scroll sideways");
        }

        var drawn = HtmlDom.Tags(dom, "polyline").Select(t => double.Parse(t["data-length"], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        drawn.Should().HaveCount(6).And.OnlyContain(length => length > 100, "every line is drawn across its chart");
        HtmlDom.Tags(dom, "svg").Where(t => t["id"].StartsWith("series-", StringComparison.Ordinal))
            .Should().OnlyContain(t => int.Parse(t["data-drawn-width"], System.Globalization.CultureInfo.InvariantCulture) > width / 2, "a chart takes at least half a window");
    }

    /// <summary>Marks the page with the window's width, its scroll width and any box of the metrics section ending past the window, and each line's drawn length.</summary>
    private const string MeasureScript =
        "(function(){var w=window.innerWidth,over=[],d=document.documentElement;" +
        "document.querySelectorAll('#metrics svg,#metrics figure,#metrics > table,#metrics .table-wrap').forEach(function(e){var r=e.getBoundingClientRect();" +
        "if(r.right>w+0.5){over.push((e.id||e.tagName)+':'+Math.round(r.right));}});" +
        "document.querySelectorAll('svg[id^=series-]').forEach(function(s){s.setAttribute('data-drawn-width',Math.round(s.getBoundingClientRect().width));});" +
        "document.querySelectorAll('polyline').forEach(function(p){p.setAttribute('data-length',p.getTotalLength());});" +
        "d.setAttribute('data-viewport',w);d.setAttribute('data-scroll-width',d.scrollWidth);d.setAttribute('data-overflow',over.join(' '));})();";

    private static async Task SkipWithoutBrowserAsync()
    {
        if (await HeadlessChromium.UnavailableReasonAsync(Token) is { } reason)
        {
            Assert.Skip(reason);
        }
    }
}
