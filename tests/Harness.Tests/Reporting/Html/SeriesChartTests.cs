using System.Globalization;
using System.Text.RegularExpressions;
using FluentAssertions;
using Harness.Reporting;

namespace Harness.Tests.Reporting.Html;

/// <summary>Series sharing a chart drawn in one SVG with a legend, bands shaded and labelled, percentile spectra on a log axis.</summary>
public sealed class SeriesChartTests
{
    private static readonly string Html = HtmlReportWriter.Render(SoakReports.Soak());

    [Fact]
    public void Series_naming_one_chart_share_one_svg_with_a_line_and_a_legend_entry_each_in_distinct_colours()
    {
        HtmlDom.Tags(Html, "figure").Where(t => t.ContainsKey("data-chart")).Select(t => t["data-chart"])
            .Should().Equal("p99 latency per tenant", "429/s t1", "latency spectrum t2");
        var chart = Figure("p99 latency per tenant");

        HtmlDom.Tags(chart, "svg").Should().ContainSingle();
        var lines = HtmlDom.Tags(chart, "polyline");
        lines.Select(l => l["data-series"]).Should().Equal("p99 latency t1", "p99 latency t2", "p99 latency t3");
        lines.Select(l => l["stroke"]).Should().OnlyHaveUniqueItems();
        lines.Should().OnlyContain(l => l["points"].Split(' ', StringSplitOptions.None).Length == 13);
        HtmlDom.Tags(chart, "g").Where(g => g.ContainsKey("data-legend")).Select(g => g["data-legend"])
            .Should().Equal("p99 latency t1", "p99 latency t2", "p99 latency t3");
        chart.Should().Contain(">p99 latency t2</text>", "the legend names each line in text")
            .And.Contain("<title id=\"series-1-title\">p99 latency per tenant</title>")
            .And.Contain("<desc id=\"series-1-desc\">p99 latency t1 from 20 ms to 35 ms over 0 s to 120 s; p99 latency t2 from 25 ms to 40 ms")
            .And.Contain("; shaded: baseline 0 s to 30 s, flood 30 s to 90 s, recovery 90 s to 120 s</desc>")
            .And.Contain("<figcaption>soak: p99 latency per tenant (ms), 3 series, 39 points from 0 s to 120 s.</figcaption>");
        HtmlDom.Tags(Figure("429/s t1"), "g").Should().NotContain(g => g.ContainsKey("data-legend"), "one line needs no legend");
    }

    [Fact]
    public void Bands_are_shaded_over_their_range_of_x_and_labelled()
    {
        var chart = Figure("p99 latency per tenant");

        HtmlDom.Tags(chart, "g").Where(g => g.ContainsKey("data-band")).Select(g => g["data-band"]).Should().Equal("baseline", "flood", "recovery");
        // x from 0 to 120 s over the plot's 656 px from x = 80.
        HtmlDom.Tags(chart, "rect").Select(r => (r["x"], r["width"])).Should().Equal(("80", "164"), ("244", "328"), ("572", "164"));
        HtmlDom.Tags(chart, "rect").Select(r => r["fill"]).Should().OnlyHaveUniqueItems();
        chart.Should().Contain(">baseline</text>").And.Contain(">flood</text>").And.Contain(">recovery</text>");
        chart.IndexOf("data-band", StringComparison.Ordinal).Should().BeLessThan(chart.IndexOf("<polyline", StringComparison.Ordinal), "bands lie behind the lines");
    }

    [Fact]
    public void A_percentile_spectrum_is_drawn_on_a_log_scale_of_one_over_one_minus_p_with_hdr_ticks()
    {
        var chart = Figure("latency spectrum t2");

        HtmlDom.Tags(chart, "svg").Single()["data-scale"].Should().Be("percentile");
        var ticks = Regex.Matches(chart, "<text x=\"(?<x>[0-9.]+)\" y=\"214\" text-anchor=\"middle\" fill=\"#111\">(?<label>[0-9.]+%)</text>")
            .Select(m => (m.Groups["label"].Value, double.Parse(m.Groups["x"].Value, CultureInfo.InvariantCulture))).ToList();
        ticks.Select(t => t.Item1).Should().StartWith(["50%", "90%", "99%", "99.9%", "99.99%"]);
        // The axis runs from 0 % to 99.9999 % (log10 of 1/(1 - p) from 0 to 6): each nine is the same width.
        ticks.Select(t => t.Item2).Should().StartWith([112.9, 189.3, 298.7, 408, 517.3]);
        var spectrum = HtmlDom.Tags(chart, "polyline").First(l => l["data-series"] == "t2 baseline")["points"].Split(' ');
        spectrum.Select(p => p.Split(',')[0]).Should().Equal("80", "112.9", "189.3", "298.7", "408", "517.3", "736");
        chart.Should().Contain("percentile (log scale of 1/(1 - p))").And.Contain("over p0 to p100");
    }

    [Fact]
    public void Per_tenant_figures_are_a_tenant_by_phase_table_with_a_column_per_metric()
    {
        var table = HtmlDom.Tags(Html, "table").Should().ContainSingle(t => t.ContainsKey("data-tenant-table")).Subject;
        table["data-tenant-table"].Should().Be("soak");
        HtmlDom.Tags(Html, "tr").Where(t => t.ContainsKey("data-tenant")).Select(t => t["data-tenant"])
            .Should().Equal("t1", "t1", "t1", "t2", "t2", "t2", "t3", "t3", "t3");
        Html.Should().Contain("<th scope=\"col\">tenant</th><th scope=\"col\">phase or subject</th><th scope=\"col\" class=\"n\">offered (req/s)</th><th scope=\"col\" class=\"n\">2xx</th>")
            .And.Contain("<tr data-tenant=\"t1\"><th scope=\"row\">t1</th><td>flood</td><td class=\"n\">60</td><td class=\"n\">120</td><td class=\"n\">3000</td><td class=\"n\">19</td><td class=\"n\">42.5</td>");
        HtmlDom.Tags(Html, "tr").Where(t => t.ContainsKey("data-metric")).Select(t => t["data-metric"])
            .Should().Equal(["Jain's fairness index"], "figures about no one tenant stay in the plain table");
    }

    private static string Figure(string chart)
    {
        var start = Html.IndexOf($"data-chart=\"{chart}\"", StringComparison.Ordinal);
        start.Should().BeGreaterThan(0, $"a chart named {chart}");
        return Html[start..Html.IndexOf("</figure>", start, StringComparison.Ordinal)];
    }
}
