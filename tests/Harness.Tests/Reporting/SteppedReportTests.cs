using System.Text.Json.Nodes;
using System.Xml.Linq;
using FluentAssertions;
using Harness.Findings;
using Harness.Reporting;
using Harness.Tests.Reporting.Html;

namespace Harness.Tests.Reporting;

/// <summary>Reports of a family that works in stages: findings located in a migration file, one JUnit case per step, the HTML timeline.</summary>
public sealed class SteppedReportTests : IDisposable
{
    private static readonly string MigrationPath = Path.Combine(Directory.GetCurrentDirectory(), "migrations", SteppedReports.BrokenStep);

    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("harness-stepped-");

    public void Dispose() => folder.Delete(recursive: true);

    [Fact]
    public void Sarif_points_a_located_finding_at_its_file_and_line_and_the_others_at_their_subject()
    {
        var report = SteppedReports.Report(MigrationPath) with
        {
            Scenarios = [.. SteppedReports.Report(MigrationPath).Scenarios, SampleReports.Failing().Scenarios[0]],
        };

        var results = JsonNode.Parse(SarifReportWriter.Render(report, FindingLocator.Unknown("harness.yaml")))!["runs"]![0]!["results"]!.AsArray();

        var located = results.Single(r => r!["ruleId"]!.GetValue<string>() == SteppedReports.RlsDisabled.Id)!["locations"]![0]!["physicalLocation"]!;
        located["artifactLocation"]!["uri"]!.GetValue<string>().Should().Be("migrations/007_archive.sql");
        located["region"]!["startLine"]!.GetValue<int>().Should().Be(3);
        var other = results.Single(r => r!["ruleId"]!.GetValue<string>() == SampleReports.RlsMissing.Id)!["locations"]![0]!["physicalLocation"]!;
        other["artifactLocation"]!["uri"]!.GetValue<string>().Should().Be("harness.yaml");
        other["region"]!["startLine"]!.GetValue<int>().Should().Be(1);
    }

    [Fact]
    public void The_locator_makes_a_file_relative_to_its_root_and_names_one_outside_it_by_its_file_name()
    {
        var locator = FindingLocator.Unknown("harness.yaml");

        locator.UriOf(MigrationPath).Should().Be("migrations/007_archive.sql");
        locator.UriOf("migrations/008_next.sql").Should().Be("migrations/008_next.sql");
        locator.UriOf(Path.Combine(folder.FullName, "m.sql")).Should().Be("m.sql");
        locator.Locate(new SourceFile(MigrationPath, 0)).Should().Be(new SourceLocation("migrations/007_archive.sql", 1));
    }

    [Fact]
    public async Task Junit_writes_one_case_per_step_failing_with_every_finding_of_the_step_and_the_other_checks_as_before()
    {
        var path = Path.Combine(folder.FullName, "junit.xml");

        await JUnitReportWriter.WriteAsync(SteppedReports.Leaking(MigrationPath), path, TestContext.Current.CancellationToken);

        var suite = XDocument.Load(path).Descendants("testsuite").Single();
        var cases = suite.Elements("testcase").ToList();
        cases.Select(c => c.Attribute("name")!.Value).Should().Equal(
            "005_init.sql", "006_names.sql", "007_archive.sql", "STP013 Migration text to check: migrations");
        (suite.Attribute("tests")!.Value, suite.Attribute("failures")!.Value, suite.Attribute("skipped")!.Value).Should().Be(("4", "1", "1"));
        cases[0].Elements().Should().BeEmpty("every check of the first step passed");
        cases[1].Element("skipped")!.Attribute("message")!.Value.Should().Be("not covered: STP004 sites: no seeded rows of tenant 2");
        var failure = cases[2].Elements().Should().ContainSingle().Subject;
        failure.Name.LocalName.Should().Be("failure");
        failure.Attribute("message")!.Value.Should().Be(
            "2 findings: STP001 sites: Row-level security was disabled on sites by 007_archive.sql.; STP004 sites: Tenant 1 now reads tenant 2's sites.");
        failure.Value.Should().Contain("relrowsecurity: true -> false").And.Contain("1 row of tenant 2");
        cases[3].Elements().Should().BeEmpty();
    }

    [Fact]
    public async Task Junit_keeps_one_case_per_check_for_a_report_without_steps()
    {
        var report = SampleReports.Failing();
        var path = Path.Combine(folder.FullName, "junit.xml");

        await JUnitReportWriter.WriteAsync(report, path, TestContext.Current.CancellationToken);

        var cases = XDocument.Load(path).Descendants("testcase").ToList();
        cases.Should().HaveCount(report.Scenarios.Sum(s => s.Checks.Count));
        cases[0].Attribute("name")!.Value.Should().Be("AUD001 Tenant table without row-level security: orders");
        cases[0].Element("failure")!.Attribute("message")!.Value.Should().Be(SampleReports.Critical.Message);
    }

    [Fact]
    public void Html_draws_a_timeline_of_steps_by_rule_with_passed_findings_not_covered_and_not_run_cells()
    {
        var html = HtmlReportWriter.Render(SteppedReports.Report(MigrationPath));

        HtmlDom.Tags(html, "a").Should().Contain(a => a.GetValueOrDefault("href") == "#timeline");
        HtmlDom.Tags(html, "tr").Where(t => t.ContainsKey("data-step")).Select(t => t["data-step"])
            .Should().Equal("005_init.sql", "006_names.sql", "007_archive.sql");
        var cells = HtmlDom.Tags(html, "td").Where(t => t.ContainsKey("data-state")).ToDictionary(t => (t["data-step"], t["data-rule"]), t => t);
        cells.Should().HaveCount(6);
        cells[("005_init.sql", "STP001")]["data-state"].Should().Be("passed");
        cells[("005_init.sql", "STP004")]["data-state"].Should().Be("passed");
        cells[("006_names.sql", "STP001")]["data-state"].Should().Be("passed");
        cells[("006_names.sql", "STP004")]["data-state"].Should().Be("not-covered");
        cells[("006_names.sql", "STP004")]["title"].Should().Be("sites: no seeded rows of tenant 2");
        cells[("007_archive.sql", "STP004")]["data-state"].Should().Be("not-run");
        var broken = cells[("007_archive.sql", "STP001")];
        (broken["data-state"], broken["data-findings"]).Should().Be(("findings", "1"));
        HtmlDom.HasClass(broken, "c-critical").Should().BeTrue();
        broken["title"].Should().Be("sites: Row-level security was disabled on sites by 007_archive.sql.");
        html.Should().Contain("<a href=\"#g-0\">1 finding</a></td>");
        HtmlDom.Tags(html, "th").Should().NotContain(t => t.GetValueOrDefault("title") == SteppedReports.Lint.Title, "a check without a step is not in the timeline");
    }

    [Fact]
    public void Html_and_markdown_of_a_report_without_steps_have_no_timeline()
    {
        var report = SampleReports.Failing();

        HtmlReportWriter.Render(report).Should().NotContain("id=\"timeline\"").And.NotContain("#timeline");
        MarkdownReportWriter.Render(report).Should().NotContain("### Steps");
    }

    [Fact]
    public void Markdown_lists_each_step_with_what_it_came_to()
    {
        var md = MarkdownReportWriter.Render(SteppedReports.Leaking(MigrationPath));

        md.Should().Contain("""
            ### Steps of stepped

            - `005_init.sql`: passed (2 checks)
            - `006_names.sql`: not covered (STP004 could not judge; 2 checks)
            - `007_archive.sql`: **2 findings** (STP001 ×1, STP004 ×1; 3 checks)

            """.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Report_json_keeps_each_check_step_and_finding_location_and_reads_them_back()
    {
        var path = Path.Combine(folder.FullName, "report.json");

        await JsonReportWriter.WriteAsync(SteppedReports.Report(MigrationPath), path, TestContext.Current.CancellationToken);
        var loaded = await ReportMerge.LoadAsync(path, TestContext.Current.CancellationToken);

        var json = JsonNode.Parse(await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken))!;
        json["findings"]![0]!["location"]!["line"]!.GetValue<int>().Should().Be(3);
        json["findings"]![0]!["location"]!["path"]!.GetValue<string>().Should().Be(MigrationPath);
        loaded.Scenarios[0].Checks.Select(c => c.Step).Should().Equal(
            "005_init.sql", "005_init.sql", "006_names.sql", "006_names.sql", "007_archive.sql", "007_archive.sql", null);
        loaded.Findings.Single().Location.Should().Be(new SourceFile(MigrationPath, 3));
    }
}
