using System.Xml.Linq;
using FluentAssertions;
using Harness.Findings;
using Harness.Reporting;
using Harness.Running;

namespace Harness.Tests.Reporting;

/// <summary>A check that could not judge its subject is never a pass: every report lists it, and a family that judged nothing makes the run incomplete.</summary>
public sealed class NotCoveredTests
{
    private static readonly Rule Read = new("IDOR001", "Cross-tenant read", Severity.Critical, "Filter by tenant.");

    [Fact]
    public void A_not_covered_check_is_neither_passed_nor_failed()
    {
        var check = new CheckResult(Read, "GET /projects/{projectId}", [], 0) { NotCovered = "every control failed" };

        check.Passed.Should().BeFalse();
        check.Covered.Should().BeFalse();
        check.Findings.Should().BeEmpty();
    }

    [Fact]
    public void A_family_that_covered_nothing_makes_the_run_incomplete_with_exit_2()
    {
        var verdict = RunVerdict.Of(Report(Uncovered("GET /a"), Uncovered("GET /b")));

        verdict.Outcome.Should().Be(RunOutcome.Incomplete);
        verdict.ExitCode.Should().Be(2);
        verdict.Reasons.Should().ContainSingle().Which.ToString().Should().Be(
            "idor covered nothing: none of its 2 check(s) could judge its subject (see 'not covered')");
        verdict.Headline.Should().StartWith("INCOMPLETE: idor covered nothing; 0 finding(s) at or above low in 2 checks");
    }

    [Fact]
    public void A_family_that_judged_something_passes_and_lists_what_it_could_not_judge()
    {
        var report = Report(Uncovered("GET /a"), new CheckResult(Read, "GET /b", [], 3));

        RunVerdict.Of(report).Outcome.Should().Be(RunOutcome.Pass);
        var markdown = MarkdownReportWriter.Render(report);
        markdown.Should().Contain("### Not covered (1)").And.Contain("| idor | IDOR001 | GET /a | every control failed |");
    }

    [Fact]
    public async Task JUnit_skips_it_SARIF_and_HTML_list_it_and_report_json_keeps_it_through_a_merge()
    {
        var report = Report(Uncovered("GET /a"), new CheckResult(Read, "GET /b", [], 3));
        var folder = Directory.CreateTempSubdirectory("harness-not-covered-").FullName;
        await ReportSet.WriteAsync(report, folder, null, TestContext.Current.CancellationToken);

        var junit = XDocument.Load(Path.Combine(folder, "junit.xml"));
        junit.Descendants("skipped").Should().ContainSingle().Which.Attribute("message")!.Value.Should().Be("not covered: every control failed");
        junit.Root!.Attribute("failures")!.Value.Should().Be("0");
        (await File.ReadAllTextAsync(Path.Combine(folder, "results.sarif"), TestContext.Current.CancellationToken))
            .Should().Contain("not covered: idor IDOR001 GET /a: every control failed");
        (await File.ReadAllTextAsync(Path.Combine(folder, "report.html"), TestContext.Current.CancellationToken))
            .Should().Contain("id=\"not-covered-table\"").And.Contain("every control failed");
        var merged = await ReportMerge.MergeFilesAsync([Path.Combine(folder, "report.json")], TestContext.Current.CancellationToken);
        merged.Scenarios[0].Checks.Single(c => c.Subject == "GET /a").NotCovered.Should().Be("every control failed");
        merged.Scenarios[0].Checks.Single(c => c.Subject == "GET /b").NotCovered.Should().BeNull();
    }

    private static CheckResult Uncovered(string subject) => new(Read, subject, [], 0) { NotCovered = "every control failed" };

    private static RunReport Report(params CheckResult[] checks) => SampleReports.Clean() with
    {
        Scenarios = [new ScenarioResult("idor", checks, TimeSpan.FromSeconds(1))],
    };
}
