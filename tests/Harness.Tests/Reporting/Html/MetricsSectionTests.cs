using System.Text.RegularExpressions;
using FluentAssertions;
using Harness.Reporting;
using Harness.Running;

namespace Harness.Tests.Reporting.Html;

/// <summary>The metrics section: a table of figures and a line chart per series, only for runs that measured something.</summary>
public sealed class MetricsSectionTests
{
    [Fact]
    public void A_run_that_measured_nothing_has_no_metrics_section_or_link()
    {
        var html = HtmlReportWriter.Render(SampleReports.Failing());

        html.Should().NotContain("id=\"metrics\"").And.NotContain("href=\"#metrics\"").And.NotContain("<polyline");
    }

    [Fact]
    public void Metrics_are_linked_after_the_findings_and_listed_in_a_table_the_per_tenant_ones_in_a_tenant_table()
    {
        var html = HtmlReportWriter.Render(MetricReports.Load());

        html.Should().Contain("<a href=\"#findings\">Findings</a><a href=\"#coverage\">Coverage</a><a href=\"#metrics\">Metrics</a><a href=\"#scenarios\">Scenarios</a>")
            .And.Contain("<section id=\"metrics\" aria-labelledby=\"metrics-title\">\n<h2 id=\"metrics-title\">Metrics</h2>\n<table class=\"data\" id=\"metric-table\">");
        HtmlDom.Tags(html, "tr").Where(t => t.ContainsKey("data-metric")).Select(t => t["data-metric"])
            .Should().Equal("requests/s", "errors | <b>");
        html.Should().Contain("<th scope=\"row\">errors | &lt;b&gt;</th>").And.NotContain("<b>");
        html.Should().Contain("<caption>load: figures per tenant</caption>")
            .And.Contain("<th scope=\"col\" class=\"n\">p50 latency (ms)</th><th scope=\"col\" class=\"n\">p99 latency (ms)</th>")
            .And.Contain("<tr data-tenant=\"t1\"><th scope=\"row\">t1</th><td>GET /sites</td><td class=\"n\">12.5</td><td class=\"n\">41.25</td></tr>");
    }

    [Fact]
    public void Each_series_is_an_inline_svg_line_through_its_points_scaled_to_the_plot()
    {
        var html = HtmlReportWriter.Render(MetricReports.Load());

        HtmlDom.Tags(html, "figure").Where(t => t.ContainsKey("data-series")).Select(t => t["data-series"])
            .Should().Equal("p99 latency t1", "requests over time");
        var line = HtmlDom.Tags(html, "polyline").First()["points"].Split(' ');
        line.Should().Equal("80,63.6", "298.7,14", "517.3,28.3", "736,39.4");
        html.Should().Contain("<title id=\"series-1-title\">p99 latency t1</title>")
            .And.Contain("<desc id=\"series-1-desc\">p99 latency t1 from 30 ms to 41.25 ms over 0 s to 30 s</desc>")
            .And.Contain("<figcaption>load: p99 latency t1 (ms), 4 points from 0 s to 30 s.</figcaption>");
        HtmlDom.Tags(html, "circle").Should().ContainSingle("a one-point series is drawn as a dot");
        Regex.Matches(html, "<script", RegexOptions.IgnoreCase).Should().HaveCount(1, "the chart needs no script");
    }

    [Fact]
    public void A_series_without_points_says_so()
    {
        var report = MetricReports.Load() with
        {
            Scenarios = [new ScenarioResult("load", [new CheckResult(MetricReports.LatencyBudget, "GET /", [])], TimeSpan.FromSeconds(1)) { Series = [new MetricSeries("latency", "ms", [])] }],
        };

        var html = HtmlReportWriter.Render(report);

        html.Should().Contain("<p class=\"note\" id=\"series-1\">latency has no points.</p>").And.NotContain("id=\"metric-table\"");
    }
}
