using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using FluentAssertions;
using Harness.Findings;
using Harness.Reporting;
using Harness.Reporting.Html;
using Harness.Running;

namespace Harness.Tests.Reporting.Html;

public sealed class HtmlReportWriterTests : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("harness-html-");

    public void Dispose() => folder.Delete(recursive: true);

    [Fact]
    public void A_failing_run_says_FAIL_with_its_counts_and_run_facts()
    {
        var html = HtmlReportWriter.Render(SampleReports.Failing());

        html.Should().StartWith("<!DOCTYPE html>\n<html lang=\"en\">");
        html.Should().Contain("<header class=\"verdict fail\" id=\"summary\">")
            .And.Contain("<h1>Harness: <span id=\"verdict\">FAIL</span></h1>")
            .And.Contain("<strong>2 findings at or above low</strong> in sample-target: 5 checks, 18 probes, 2 scenarios, 3.50s. Exit code 1.");
        html.Should().Contain("<tr><th scope=\"row\">run id</th><td>20261123-002751-euaqfgbc</td></tr>")
            .And.Contain("<tr><th scope=\"row\">started</th><td>2026-11-23T00:27:51+00:00</td></tr>")
            .And.Contain("<tr><th scope=\"row\">seeded rows</th><td>1234</td></tr>");
        html.Should().Contain("<li data-stat=\"checks\"><span class=\"num\">5</span>checks</li>")
            .And.Contain("<li data-stat=\"at or above low\"><span class=\"num\">2</span>at or above low</li>");
    }

    [Fact]
    public void A_clean_run_says_PASS_and_has_no_finding()
    {
        var html = HtmlReportWriter.Render(SampleReports.Clean());

        html.Should().Contain("<header class=\"verdict pass\" id=\"summary\">")
            .And.Contain("<h1>Harness: <span id=\"verdict\">PASS</span></h1>")
            .And.Contain("No finding at or above <strong>low</strong> in sample-target")
            .And.Contain("No findings: every check passed.");
        html.Should().NotContain("FAIL").And.NotContain("<details");
    }

    [Fact]
    public void Findings_below_the_threshold_pass_the_gate_and_are_marked()
    {
        var html = HtmlReportWriter.Render(SampleReports.Failing(Severity.Critical) with { Scenarios = [SampleReports.Failing().Scenarios[1]] });

        html.Should().Contain("<span id=\"verdict\">PASS</span>").And.Contain("<span class=\"tag\">below fail-on critical</span>");
        HtmlDom.Tags(html, "li").Where(t => t.ContainsKey("data-rule")).Should().ContainSingle()
            .Which.Should().Contain("class", "below-gate");
    }

    [Fact]
    public void Text_from_the_report_is_escaped_everywhere_so_a_script_in_a_message_is_only_text()
    {
        var hostile = TenantPairReports.Hostile;
        var finding = SampleReports.Low with { Subject = hostile, Message = hostile, Evidence = hostile, Reproduction = hostile + "\u0000" };
        var report = SampleReports.Failing() with
        {
            Target = hostile,
            RunId = "run\"<x>",
            Scenarios =
            [
                new ScenarioResult(
                    "idor<svg onload=x>",
                    [
                        new CheckResult(SampleReports.ListCount with { Title = hostile, Remediation = hostile }, "x", [finding]),
                        new CheckResult(SampleReports.ReadById, "y", [TenantPairReports.Pair(SampleReports.ReadById, "t\"1<", "t'2&")]),
                    ],
                    TimeSpan.FromSeconds(1)),
            ],
        };

        var html = HtmlReportWriter.Render(report);

        Regex.Matches(html, "<script", RegexOptions.IgnoreCase).Should().HaveCount(1, "only the report's own script is a script element");
        html.Should().NotContain("<img").And.NotContain("<svg onload").And.NotContain("<b>").And.NotContain("run\"<x>");
        html.Should().Contain("&lt;script&gt;document.documentElement.setAttribute(&#39;data-pwned&#39;,&#39;1&#39;)&lt;/script&gt; &amp; &quot;quoted&quot; &#39;single&#39; &lt;img src=x&gt;");
        html.Should().Contain("<pre class=\"evidence\">&lt;script&gt;").And.Contain("&lt;img src=x&gt;\uFFFD</pre>").And.NotContain("\u0000");
        var cell = HtmlDom.Cells(html)[("t\"1<", "t'2&")];
        cell.Should().Contain("data-findings", "1");
        html.Should().Contain("data-attacker=\"t&quot;1&lt;\" data-victim=\"t&#39;2&amp;\"");
    }

    [Fact]
    public void Without_tenant_pairs_the_matrix_says_so_with_the_number_of_tenants_seeded()
    {
        var html = HtmlReportWriter.Render(SampleReports.Failing());

        html.Should().Contain("<p class=\"note\" id=\"matrix-empty\">No finding names an attacker and a victim tenant: there is no cross-tenant pair to draw among the 50 tenants seeded.</p>");
        html.Should().NotContain("<table class=\"matrix\"").And.NotContain("data-attacker");
    }

    [Fact]
    public void The_matrix_has_a_cell_per_tenant_pair_from_the_ledger_and_colours_the_pairs_with_findings()
    {
        var html = HtmlReportWriter.Render(TenantPairReports.FiveTenants(), TenantPairReports.Ledger(5));

        var cells = HtmlDom.Cells(html);
        cells.Should().HaveCount(25);
        foreach (var ((attacker, victim), cell) in cells)
        {
            var expected = (attacker, victim) switch
            {
                ("t1", "t3") => 2,
                ("t2", "t4") => 1,
                _ => 0,
            };
            cell["data-findings"].Should().Be($"{expected}", $"{attacker} -> {victim}");
            HtmlDom.HasClass(cell, "leak").Should().Be(expected > 0, $"{attacker} -> {victim}");
            cell["title"].Should().StartWith($"T{attacker[1..]} (id {attacker}) \u2192 T{victim[1..]} (id {victim}): ");
        }

        cells[("t1", "t3")].Should().Contain("class", "leak c-critical").And.Contain("data-severity", "critical");
        cells[("t1", "t3")]["title"].Should().EndWith(": 2 findings, worst critical (IDR001 \u00d71, IDR002 \u00d71)");
        cells[("t2", "t4")].Should().Contain("class", "leak c-high");
        cells[("t5", "t5")].Should().Contain("class", "c-self").And.Contain("title", "T5 (id t5) \u2192 T5 (id t5): same tenant");

        HtmlDom.Tags(html, "th").Where(t => t.GetValueOrDefault("scope") == "col" && t.ContainsKey("data-tenant"))
            .Select(t => t["data-tenant"]).Should().Equal("t1", "t2", "t3", "t4", "t5");
        HtmlDom.Tags(html, "th").Where(t => t.GetValueOrDefault("scope") == "row" && t.ContainsKey("data-tenant"))
            .Select(t => t["data-tenant"]).Should().Equal("t1", "t2", "t3", "t4", "t5");
        html.Should().Contain(">T3</th>").And.Contain("<span class=\"v\">T4</span>").And.NotContain("Company 3");
        html.Should().Contain("3 findings name an attacker and a victim tenant, involving 4 tenants of the 5 seeded; checks probed 0 pairs.");
        html.Should().Contain("<li class=\"legend-title\">Cell colour: worst finding of the pair; number: how many findings.</li>")
            .And.Contain("<li><span class=\"swatch c-critical\" aria-hidden=\"true\"></span>critical</li>");
        html.Should().NotContain("id=\"matrix-capped\"").And.NotContain("id=\"matrix-empty\"");
    }

    [Fact]
    public void A_leak_cell_links_to_its_worst_finding_group_and_the_group_names_its_tenants()
    {
        var report = TenantPairReports.FiveTenants();
        var html = HtmlReportWriter.Render(report, TenantPairReports.Ledger(5));

        var groups = FindingGroup.Of(report.Findings);
        var critical = groups.ToList().FindIndex(g => g.Rule.Id == "IDR002");
        html.Should().Contain($"<a href=\"#g-{critical}\" aria-label=\"");
        html.Should().Contain($"<li id=\"g-{critical}\" data-rule=\"IDR002\" data-scenario=\"idor\" data-fingerprint=\"{groups[critical].Fingerprint}\" data-count=\"1\">");
        html.Should().Contain("<dt>tenants</dt><dd>1 pair (attacker \u2192 victim): <code>t1 \u2192 t3</code></dd>");
    }

    [Fact]
    public void Without_a_ledger_the_matrix_has_the_tenants_the_findings_name_in_natural_order()
    {
        var report = TenantPairReports.Chain(tenants: 12, attackers: 10);

        var html = HtmlReportWriter.Render(report);

        HtmlDom.Tags(html, "th").Where(t => t.GetValueOrDefault("scope") == "row" && t.ContainsKey("data-tenant"))
            .Select(t => t["data-tenant"]).Should().Equal(Enumerable.Range(1, 11).Select(i => $"t{i}"));
        HtmlDom.Cells(html).Should().HaveCount(121);
        HtmlDom.Cells(html).Values.Count(c => HtmlDom.HasClass(c, "leak")).Should().Be(10);
        html.Should().Contain("involving 11 tenants of the 12 seeded");
    }

    [Fact]
    public void The_matrix_is_capped_with_the_tenants_in_findings_first_and_says_how_many_were_left_out()
    {
        // t1 -> t2, ..., t70 -> t71: 71 tenants involved, t2..t70 in two findings each.
        var report = TenantPairReports.Chain(tenants: 200, attackers: 70);

        var html = HtmlReportWriter.Render(report, TenantPairReports.Ledger(200));

        var cap = HtmlReportWriter.MaxMatrixTenants;
        var rows = HtmlDom.Tags(html, "th").Where(t => t.GetValueOrDefault("scope") == "row" && t.ContainsKey("data-tenant")).Select(t => t["data-tenant"]).ToList();
        rows.Should().Equal(Enumerable.Range(2, cap).Select(i => $"t{i}"), "the most involved tenants make the cut, shown in ledger order");
        HtmlDom.Cells(html).Should().HaveCount(cap * cap);
        HtmlDom.Cells(html).Values.Count(c => HtmlDom.HasClass(c, "leak")).Should().Be(cap - 1);
        html.Should().Contain($"<p class=\"note\" id=\"matrix-capped\">The grid shows {cap} of 200 tenants (those involved in findings first): {200 - cap} left out.</p>");
        html.Should().Contain("<p class=\"note\" id=\"matrix-outside\">11 findings involve a tenant left out of the grid; see Findings.</p>");
    }

    [Fact]
    public void A_small_run_fills_the_grid_with_uninvolved_seeded_tenants_up_to_the_cap()
    {
        var html = HtmlReportWriter.Render(TenantPairReports.Chain(tenants: 100, attackers: 1), TenantPairReports.Ledger(100));

        var rows = HtmlDom.Tags(html, "th").Where(t => t.GetValueOrDefault("scope") == "row" && t.ContainsKey("data-tenant")).Select(t => t["data-tenant"]).ToList();
        rows.Should().HaveCount(HtmlReportWriter.MaxMatrixTenants).And.StartWith(["t1", "t2", "t3"]).And.EndWith("t60");
        html.Should().Contain("The grid shows 60 of 100 tenants").And.NotContain("id=\"matrix-outside\"");
    }

    [Fact]
    public void Findings_are_grouped_by_rule_most_severe_first_with_evidence_and_reproduction_in_pre()
    {
        var html = HtmlReportWriter.Render(TenantPairReports.FiveTenants());

        HtmlDom.Tags(html, "section").Where(t => t.ContainsKey("data-rule")).Select(t => t["data-rule"])
            .Should().Equal("AUD001", "IDR002", "IDR001", "IDR004");
        html.Should().Contain("<h3 id=\"rule-3-title\"><span class=\"sev c-high\">high</span> <code>IDR001</code> Cross-tenant read by id <span class=\"count\">\u00b7 2 findings on 1 subject</span></h3>");
        html.Should().Contain("<p class=\"remediation\"><strong>Remediation:</strong> Scope the lookup by the caller&#39;s tenant.</p>");
        html.Should().Contain("<pre class=\"evidence\">relrowsecurity = false, relforcerowsecurity = false, owner = postgres</pre>");
        html.Should().Contain("<h4>Reproduce (sql)</h4>\n<pre class=\"reproduction\" data-lang=\"sql\">SELECT c.relname");
        html.Should().Contain("<h4>Reproduce (bash)</h4>\n<pre class=\"reproduction\" data-lang=\"bash\">curl -s -H &#39;Authorization: Bearer &lt;token of t1&gt;&#39;");
        Regex.Matches(html, "<details open>").Should().HaveCount(4, "one entry per rule and subject");
    }

    [Fact]
    public void A_long_or_multi_line_message_is_never_cut_and_long_evidence_is_folded_not_dropped()
    {
        var longMessage = new string('x', 300);
        var longEvidence = string.Join("\n", Enumerable.Range(1, 80).Select(i => $"row {i}: canary cnry-{i}"));
        var report = SampleReports.Failing() with
        {
            Scenarios = [.. SampleReports.Failing().Scenarios, new ScenarioResult("long", [new CheckResult(SampleReports.ListCount, "z", [SampleReports.Low with { Subject = "z", Message = longMessage, Evidence = longEvidence }])], TimeSpan.Zero)],
        };

        var html = HtmlReportWriter.Render(report);

        html.Should().Contain("<strong>GET /sites</strong>: GET /sites answers X-Total | count of all tenants\nnot only the caller&#39;s</summary>");
        html.Should().Contain($"<strong>z</strong>: {longMessage}</summary>").And.NotContain("\u2026</summary>");
        html.Should().Contain("<details class=\"long-evidence\"><summary>Evidence (80 lines, ")
            .And.Contain("row 80: canary cnry-80</pre>\n</details>");
    }

    [Fact]
    public void Finding_details_are_capped_and_the_rest_counted()
    {
        var html = HtmlReportWriter.Render(SampleReports.Many(HtmlReportWriter.MaxFindingDetails + 100));

        Regex.Matches(html, "<li id=\"g-").Should().HaveCount(HtmlReportWriter.MaxFindingDetails);
        Regex.Matches(html, "<details>").Should().HaveCount(HtmlReportWriter.MaxFindingDetails, "many groups start collapsed");
        html.Should().Contain($"Details are shown for the first {HtmlReportWriter.MaxFindingDetails} groups; 100 more are counted per rule and are in report.json.")
            .And.Contain("100 more subjects of IDR004 (100 findings) are in report.json.");
    }

    [Fact]
    public void Scenario_timings_are_a_table_and_an_inline_svg_bar_chart_scaled_to_the_slowest()
    {
        var html = HtmlReportWriter.Render(TenantPairReports.FiveTenants());

        html.Should().Contain("<tr data-scenario=\"idor\"><th scope=\"row\">idor</th><td class=\"n\">3</td><td class=\"n\">0</td><td class=\"n\">45</td><td class=\"n\">4</td><td class=\"n\">2.50s</td></tr>");
        html.Should().Contain("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"timings\" role=\"img\" aria-labelledby=\"timings-title timings-desc\"");
        html.Should().Contain("<desc id=\"timings-desc\">audit 0.75s, idor 2.50s, rls 1.25s</desc>");
        var bars = HtmlDom.Tags(html, "rect");
        bars.Select(b => b["width"]).Should().Equal("138", "460", "230");
        bars.Select(b => b["fill"]).Should().Equal("#b3261e", "#b3261e", "#1b5e20");
    }

    [Fact]
    public void The_page_is_self_contained_and_its_policy_allows_only_its_own_style_and_script()
    {
        var html = HtmlReportWriter.Render(TenantPairReports.FiveTenants(), TenantPairReports.Ledger(5));

        HtmlDom.Tags(html, "a").Select(a => a["href"]).Should().OnlyContain(href => href.StartsWith('#'));
        new[] { "link", "img", "iframe", "object", "embed", "image", "use" }.SelectMany(tag => HtmlDom.Tags(html, tag)).Should().BeEmpty();
        HtmlDom.Tags(html, "script").Should().ContainSingle().Which.Should().NotContainKey("src");
        html.Should().NotContain("@import").And.NotContain("url(");

        var style = Regex.Match(html, "<style>(.*?)</style>", RegexOptions.Singleline).Groups[1].Value;
        var script = Regex.Match(html, "<script>(.*?)</script>", RegexOptions.Singleline).Groups[1].Value;
        var policy = HtmlDom.Tags(html, "meta").Single(m => m.GetValueOrDefault("http-equiv") == "Content-Security-Policy")["content"];
        policy.Should().Be($"default-src 'none'; style-src '{Hash(style)}'; script-src '{Hash(script)}'; img-src data:; base-uri 'none'; form-action 'none'");
    }

    [Fact]
    public void Every_id_is_unique_and_every_table_header_has_a_scope()
    {
        var html = HtmlReportWriter.Render(TenantPairReports.FiveTenants(), TenantPairReports.Ledger(5));

        var ids = Regex.Matches(html, "\\sid=\"([^\"]*)\"").Select(m => m.Groups[1].Value).ToList();
        ids.Should().OnlyHaveUniqueItems();
        HtmlDom.Tags(html, "th").Should().OnlyContain(th => th.ContainsKey("scope"));
        html.Should().Contain("<caption>Attacker tenant (rows) \u00d7 victim tenant (columns): findings per pair</caption>");
    }

    [Fact]
    public async Task The_output_is_deterministic_and_the_file_is_the_rendering_in_utf8_without_bom()
    {
        var ct = TestContext.Current.CancellationToken;
        var path = Path.Combine(folder.FullName, "report.html");
        var ledger = TenantPairReports.Ledger(5);

        await HtmlReportWriter.WriteAsync(TenantPairReports.FiveTenants(), path, ledger, ct);

        var bytes = await File.ReadAllBytesAsync(path, ct);
        bytes.AsSpan(0, 3).ToArray().Should().NotEqual(Encoding.UTF8.Preamble.ToArray());
        var text = Encoding.UTF8.GetString(bytes);
        text.Should().Be(HtmlReportWriter.Render(TenantPairReports.FiveTenants(), ledger));
        text.Should().Be(HtmlReportWriter.Render(TenantPairReports.FiveTenants(), ledger)).And.NotContain("\r");
    }

    [Theory]
    [InlineData("t2", "t10", -1)]
    [InlineData("t10", "t10", 0)]
    [InlineData("t010", "t10", -1)]
    [InlineData("acme", "t1", -1)]
    [InlineData("t1b", "t1a", 1)]
    [InlineData("t99999999999999999999", "t100000000000000000000", -1)]
    public void Tenant_names_sort_naturally(string x, string y, int sign) =>
        Math.Sign(TenantMatrix.NaturalComparer.Instance.Compare(x, y)).Should().Be(sign);

    private static string Hash(string text) => "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
