using System.Text.Json.Nodes;
using System.Xml.Linq;
using FluentAssertions;
using Harness.Reporting;
using Harness.Running;

namespace Harness.Tests.Reporting;

/// <summary>A run in which no check ran: every format states the same INCOMPLETE verdict, none reads as a pass.</summary>
public sealed class NoCheckReportTests : IDisposable
{
    private const string Reason = "no check ran: none of the 1 scenario(s) ran a check, so the run tested nothing";

    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("harness-nocheck-");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static RunReport Report => SampleReports.Clean() with { Scenarios = [new ScenarioResult("idor", [], TimeSpan.FromSeconds(1))] };

    public void Dispose() => folder.Delete(recursive: true);

    [Fact]
    public void Markdown_and_html_say_INCOMPLETE_and_why()
    {
        var markdown = MarkdownReportWriter.Render(Report);
        markdown.Should().StartWith("## Harness: INCOMPLETE\n\n**no check ran:** none of the 1 scenario(s) ran a check, so the run tested nothing\n\n");
        markdown.Should().Contain("0 checks, 0 probes, 1 scenario, 3.50s. Exit code 2.");

        var html = HtmlReportWriter.Render(Report);
        html.Should().Contain("<header class=\"verdict incomplete\" id=\"summary\">")
            .And.Contain("<span id=\"verdict\">INCOMPLETE</span>")
            .And.Contain("<p class=\"lead\"><strong>no check ran:</strong> none of the 1 scenario(s) ran a check, so the run tested nothing</p>");
    }

    [Fact]
    public async Task Json_sarif_and_junit_say_the_run_did_not_succeed()
    {
        await ReportSet.WriteAsync(Report, folder.FullName, null, Token);

        var json = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(folder.FullName, "report.json"), Token))!;
        json["exitCode"]!.GetValue<int>().Should().Be(2);

        var sarif = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(folder.FullName, "results.sarif"), Token))!["runs"]![0]!;
        sarif["invocations"]![0]!["executionSuccessful"]!.GetValue<bool>().Should().BeFalse();
        sarif["invocations"]![0]!["toolExecutionNotifications"]![0]!["message"]!["text"]!.GetValue<string>().Should().Be(Reason);
        sarif["properties"]!["exitCode"]!.GetValue<int>().Should().Be(2);

        var junit = XDocument.Load(Path.Combine(folder.FullName, "junit.xml"));
        junit.Root!.Attribute("errors")!.Value.Should().Be("1");
        var error = junit.Descendants("error").Should().ContainSingle().Subject;
        error.Attribute("message")!.Value.Should().Be(Reason);
        error.Parent!.Attribute("name")!.Value.Should().Be("harness ran a check");
    }
}
