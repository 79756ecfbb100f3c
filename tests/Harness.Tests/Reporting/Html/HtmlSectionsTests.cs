using System.Security.Cryptography;
using System.Text;
using FluentAssertions;
using Harness.Reporting;
using Harness.Reporting.Html;

namespace Harness.Tests.Reporting.Html;

/// <summary>The HTML page is a frame around its sections: each that shows gets a navigation link and a section element.</summary>
public sealed class HtmlSectionsTests
{
    [Fact]
    public void The_built_in_sections_that_show_are_linked_in_page_order()
    {
        var html = HtmlReportWriter.Render(SampleReports.Failing());

        HtmlSections.All.Select(s => s.Id).Should().Equal("matrix", "timeline", "findings", "baseline", "coverage", "not-covered", "metrics", "scenarios", "run");
        html.Should().Contain("<nav aria-label=\"Sections\"><a href=\"#matrix\">Tenant matrix</a><a href=\"#findings\">Findings</a><a href=\"#coverage\">Coverage</a><a href=\"#scenarios\">Scenarios</a><a href=\"#run\">Run</a></nav>\n<main>\n<section id=\"matrix\"");
    }

    [Fact]
    public void A_registered_section_is_linked_and_framed_with_its_escaped_heading_and_one_that_does_not_show_is_left_out()
    {
        var html = HtmlReportWriter.Render(SampleReports.Clean(), null, [new StubSection("extra", "Extra", "Load <&> soak", shows: true), new StubSection("hidden", "Hidden", "Hidden", shows: false)]);

        html.Should().Contain("<nav aria-label=\"Sections\"><a href=\"#extra\">Extra</a></nav>\n<main>\n")
            .And.Contain("<section id=\"extra\" aria-labelledby=\"extra-title\">\n<h2 id=\"extra-title\">Load &lt;&amp;&gt; soak</h2>\n<p>body of sample-target</p>\n</section>\n</main>\n")
            .And.NotContain("id=\"hidden\"").And.NotContain("#hidden");
    }

    [Fact]
    public void The_style_is_the_embedded_report_css_and_the_policy_pins_its_hash()
    {
        var html = HtmlReportWriter.Render(SampleReports.Clean());

        PageAssets.Css.Should().StartWith(":root{").And.EndWith("}}").And.NotContain("\r");
        html.Should().Contain("<style>" + PageAssets.Css + "</style>\n</head>");
        var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(PageAssets.Css)));
        html.Should().Contain($"style-src 'sha256-{hash}'");
    }

    private sealed class StubSection(string id, string navLabel, string heading, bool shows) : HtmlSection(id, navLabel, heading)
    {
        public override bool Shows(HtmlPage page) => shows;

        public override void AppendBody(StringBuilder html, HtmlPage page) => html.Append("<p>body of ").Append(page.Report.Target).Append("</p>\n");
    }
}
