using System.Text.Json.Nodes;
using System.Xml.Linq;
using FluentAssertions;
using Harness.Reporting;
using Harness.Running;

namespace Harness.Tests.Reporting;

/// <summary>
/// A scenario that could not run to its end, or a run in which no check ran: every format says so, and the gate cannot
/// read it as a pass.
/// </summary>
public sealed class IncompleteReportTests : IDisposable
{
    private const string Reason = "The app role 'app' has BYPASSRLS; refusing to run.";

    private const string NoCheckReason = "no check ran: none of the 1 scenario(s) ran a check, so the run tested nothing";

    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("harness-incomplete-");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static RunReport NoCheck => SampleReports.Clean() with { Scenarios = [new ScenarioResult("idor", [], TimeSpan.FromSeconds(1))] };

    public void Dispose() => folder.Delete(recursive: true);

    [Fact]
    public void The_exit_code_is_2_even_without_findings()
    {
        SampleReports.Incomplete().Findings.Should().BeEmpty();
        SampleReports.Incomplete().ExitCode.Should().Be(2);
        SampleReports.Clean().ExitCode.Should().Be(0);
    }

    [Fact]
    public async Task Json_names_the_scenario_and_its_reason()
    {
        var path = Path.Combine(folder.FullName, "report.json");
        await JsonReportWriter.WriteAsync(SampleReports.Incomplete(), path, Token);

        var json = JsonNode.Parse(await File.ReadAllTextAsync(path, Token))!;
        json["exitCode"]!.GetValue<int>().Should().Be(2);
        json["summary"]!["errors"]!.GetValue<int>().Should().Be(1);
        json["scenarios"]!.AsArray().Select(s => s!["error"]?.GetValue<string>()).Should().Equal(null, Reason);
    }

    [Fact]
    public async Task JUnit_has_a_test_case_in_error()
    {
        var path = Path.Combine(folder.FullName, "junit.xml");
        await JUnitReportWriter.WriteAsync(SampleReports.Incomplete(), path, Token);

        var xml = XDocument.Load(path);
        xml.Root!.Attribute("errors")!.Value.Should().Be("1");
        var error = xml.Descendants("error").Should().ContainSingle().Subject;
        error.Attribute("message")!.Value.Should().Be(Reason);
        error.Parent!.Attribute("name")!.Value.Should().Be("rls ran to its end");
    }

    [Fact]
    public async Task Sarif_marks_the_execution_unsuccessful_with_a_notification()
    {
        var path = Path.Combine(folder.FullName, "results.sarif");
        await SarifReportWriter.WriteAsync(SampleReports.Incomplete(), path, Token);

        var invocation = JsonNode.Parse(await File.ReadAllTextAsync(path, Token))!["runs"]![0]!["invocations"]![0]!;
        invocation["executionSuccessful"]!.GetValue<bool>().Should().BeFalse();
        var notification = invocation["toolExecutionNotifications"]!.AsArray().Should().ContainSingle().Subject!;
        notification["level"]!.GetValue<string>().Should().Be("error");
        notification["message"]!["text"]!.GetValue<string>().Should().Be($"rls could not run to its end: {Reason}");
    }

    [Fact]
    public void Markdown_and_html_lead_with_incomplete_and_the_reason()
    {
        var markdown = MarkdownReportWriter.Render(SampleReports.Incomplete());
        markdown.Should().StartWith("## Harness: INCOMPLETE\n\n**rls could not run to its end:** " + Reason);
        markdown.Should().Contain("| rls (could not run to its end) | 0 | 0 | 0 | 0 |");

        var html = HtmlReportWriter.Render(SampleReports.Incomplete());
        html.Should().Contain("<span id=\"verdict\">INCOMPLETE</span>");
        html.Should().Contain("<strong>rls could not run to its end:</strong> The app role &#39;app&#39; has BYPASSRLS; refusing to run.");
    }

    [Fact]
    public void A_run_in_which_no_check_ran_is_INCOMPLETE_in_markdown_and_html()
    {
        var markdown = MarkdownReportWriter.Render(NoCheck);
        markdown.Should().StartWith("## Harness: INCOMPLETE\n\n**no check ran:** none of the 1 scenario(s) ran a check, so the run tested nothing\n\n");
        markdown.Should().Contain("0 checks, 0 probes, 1 scenario, 3.50s. Exit code 2.");

        var html = HtmlReportWriter.Render(NoCheck);
        html.Should().Contain("<header class=\"verdict incomplete\" id=\"summary\">")
            .And.Contain("<span id=\"verdict\">INCOMPLETE</span>")
            .And.Contain("<p class=\"lead\"><strong>no check ran:</strong> none of the 1 scenario(s) ran a check, so the run tested nothing</p>");
    }

    [Fact]
    public async Task A_run_in_which_no_check_ran_did_not_succeed_in_json_sarif_and_junit()
    {
        await ReportSet.WriteAsync(NoCheck, folder.FullName, null, Token);

        var json = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(folder.FullName, "report.json"), Token))!;
        json["exitCode"]!.GetValue<int>().Should().Be(2);

        var sarif = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(folder.FullName, "results.sarif"), Token))!["runs"]![0]!;
        sarif["invocations"]![0]!["executionSuccessful"]!.GetValue<bool>().Should().BeFalse();
        sarif["invocations"]![0]!["toolExecutionNotifications"]![0]!["message"]!["text"]!.GetValue<string>().Should().Be(NoCheckReason);
        sarif["properties"]!["exitCode"]!.GetValue<int>().Should().Be(2);

        var junit = XDocument.Load(Path.Combine(folder.FullName, "junit.xml"));
        junit.Root!.Attribute("errors")!.Value.Should().Be("1");
        var error = junit.Descendants("error").Should().ContainSingle().Subject;
        error.Attribute("message")!.Value.Should().Be(NoCheckReason);
        error.Parent!.Attribute("name")!.Value.Should().Be("harness ran a check");
    }
}
