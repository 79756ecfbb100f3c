using System.Xml.Linq;
using FluentAssertions;
using Harness.Reporting;
using Harness.Running;

namespace Harness.Tests.Reporting;

/// <summary>junit.xml stays well-formed whatever a probe saw.</summary>
public sealed class JUnitReportWriterTests : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("harness-junit-");

    public void Dispose() => folder.Delete(recursive: true);

    [Fact]
    public async Task Characters_xml_cannot_hold_become_replacement_characters_and_the_rest_is_kept()
    {
        var ct = TestContext.Current.CancellationToken;
        var finding = SampleReports.Low with { Message = "body \u0000 byte", Evidence = "bell \u0007, emoji \U0001F600, lone \uD800 half" };
        var report = SampleReports.Clean() with
        {
            Scenarios = [new ScenarioResult("idor", [new CheckResult(SampleReports.ListCount, "GET /sites\u0001", [finding])], TimeSpan.FromSeconds(1))],
        };
        var path = Path.Combine(folder.FullName, "junit.xml");

        await JUnitReportWriter.WriteAsync(report, path, ct);

        var failure = XDocument.Load(path).Descendants("failure").Should().ContainSingle().Subject;
        failure.Attribute("message")!.Value.Should().Be("body \uFFFD byte");
        failure.Value.Should().StartWith("bell \uFFFD, emoji \U0001F600, lone \uFFFD half");
        failure.Parent!.Attribute("name")!.Value.Should().EndWith("GET /sites\uFFFD");
    }
}
