using System.Text.RegularExpressions;
using FluentAssertions;
using Harness.Reporting;
using Harness.Tests.Reporting.Grouping;

namespace Harness.Tests.Reporting.Html;

/// <summary>The page tells unprobed pairs from clean ones, folds a large matrix, numbers tenants, and says what a PASS covered.</summary>
public sealed class CoverageAndMatrixTests
{
    [Fact]
    public void Pairs_no_check_probed_are_drawn_as_not_probed_and_probed_clean_pairs_as_no_finding()
    {
        // Twelve tenants seeded; the checks probed only the pairs among a01..a10.
        var html = HtmlReportWriter.Render(PlantedFlawReports.Clean() with { Tenants = 12 }, PlantedFlawReports.Ledger(12));

        var cells = HtmlDom.Cells(html);
        cells.Should().HaveCount(144);
        cells[("a01", "a02")].Should().NotContainKey("class");
        cells[("a01", "a02")]["title"].Should().EndWith(": probed, no finding");
        cells[("a01", "a11")]["class"].Should().Be("c-unprobed");
        cells[("a12", "a03")]["title"].Should().EndWith(": not probed");
        cells.Values.Count(c => c.GetValueOrDefault("class") == "c-unprobed").Should().Be(144 - 90 - 12);
        html.Should().Contain("<li><span class=\"swatch c-unprobed\" aria-hidden=\"true\"></span>not probed</li>");
    }

    [Fact]
    public void The_matrix_is_labelled_by_tenant_number_never_by_a_name_with_a_canary()
    {
        var html = HtmlReportWriter.Render(PlantedFlawReports.Report(), PlantedFlawReports.Ledger(10));

        var headers = HtmlDom.Tags(html, "th").Where(t => t.ContainsKey("data-tenant")).ToList();
        headers.Should().HaveCount(20);
        html.Should().Contain("<th scope=\"row\" data-tenant=\"a03\" title=\"T3 (id a03)\">T3</th>");
        html.Should().NotContain("cnry-a03-name");
        html.Should().NotContain("id=\"matrix-fold\"", "ten tenants (100 cells) fit on screen");
    }

    [Fact]
    public void A_large_matrix_is_collapsed()
    {
        var html = HtmlReportWriter.Render(PlantedFlawReports.Report(tenants: 13), PlantedFlawReports.Ledger(13));

        html.Should().Contain("<details class=\"matrix-fold\" id=\"matrix-fold\"><summary>Show the grid of 13 \u00d7 13 tenants (T1\u2013T13; collapsed because it is large)</summary>");
        var fold = html.IndexOf("id=\"matrix-fold\"", StringComparison.Ordinal);
        html.IndexOf("<table class=\"matrix\"", StringComparison.Ordinal).Should().BeGreaterThan(fold);
        html.IndexOf("</details>", fold, StringComparison.Ordinal).Should().BeGreaterThan(html.IndexOf("</table>", fold, StringComparison.Ordinal));
    }

    [Fact]
    public void A_hundred_findings_of_one_flaw_are_one_entry_per_subject_with_three_examples()
    {
        var html = HtmlReportWriter.Render(PlantedFlawReports.Report(), PlantedFlawReports.Ledger(10));

        Regex.Matches(html, "<li id=\"g-").Should().HaveCount(2);
        html.Should().Contain("100 findings in 2 groups (one rule about one subject each) under 2 rules");
        html.Should().Contain("<span class=\"count\">\u00d790</span>");
        Regex.Matches(html, "<h4 class=\"example\">Example \\d of 90</h4>").Should().HaveCount(3);
        html.Should().Contain("<dt>tenants</dt><dd>90 pairs (attacker \u2192 victim): <code>a01 \u2192 a02, ");
        HtmlDom.Cells(html)[("a04", "a07")]["class"].Should().Be("leak c-high");
    }

    [Fact]
    public void A_pass_lists_the_rules_that_ran_and_what_they_covered()
    {
        var html = HtmlReportWriter.Render(PlantedFlawReports.Clean());

        html.Should().Contain("<span id=\"verdict\">PASS</span>").And.Contain("<a href=\"#coverage\">Coverage</a>");
        html.Should().Contain("<p>5 checks by 3 rules, 129 probes.</p>");
        html.Should().Contain("<tr data-rule=\"RLS002\"><td>rls</td><th scope=\"row\"><code>RLS002</code> Rows of another tenant visible</th><td class=\"n\">3</td><td class=\"n\">3</td><td class=\"n\">0</td><td class=\"n\">0</td><td class=\"n\">30</td></tr>");
        html.Should().Contain("<details class=\"coverage-grid\" data-scenario=\"rls\"><summary>rls: 2 objects \u00d7 2 aspects checked</summary>");
        html.Should().Contain("<tr><th scope=\"row\"><code>journals</code></th><td>\u2713</td><td></td></tr>");
        html.Should().Contain("<details class=\"coverage-grid\" data-scenario=\"idor\"><summary>idor: 1 object \u00d7 2 aspects checked</summary>");
        html.Should().Contain("<th scope=\"col\">read</th><th scope=\"col\">tamper-route</th>");
    }
}
