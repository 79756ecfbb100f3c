using System.Text.Json.Nodes;
using System.Xml.Linq;
using FluentAssertions;
using Harness.Findings;
using Harness.Reporting;

namespace Harness.Tests.Reporting.Grouping;

/// <summary>One planted flaw confirmed a hundred times is one entry per rule and subject in every report, and nothing is lost.</summary>
public sealed class GroupedWritersTests : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("harness-grouped-");

    public void Dispose() => folder.Delete(recursive: true);

    [Fact]
    public void Findings_group_by_fingerprint_with_count_pairs_and_three_examples()
    {
        var groups = FindingGroup.Of(PlantedFlawReports.Report().Findings);

        groups.Should().HaveCount(2);
        groups.Select(g => g.Rule.Id).Should().Equal("RLS002", "IDR001");
        var reads = groups[1];
        reads.Fingerprint.Should().Be(FindingFingerprint.Of("IDR001", PlantedFlawReports.EndpointSubject));
        reads.Count.Should().Be(90);
        reads.Pairs.Should().HaveCount(90);
        reads.Examples.Should().HaveCount(3).And.Equal(reads.Findings.Take(3));
        reads.PairsText.Should().Be("90 pairs: a01\u2192a02, a01\u2192a03, a01\u2192a04, a01\u2192a05, \u2026");
        groups[0].PairsText.Should().BeEmpty();
        groups.Sum(g => g.Count).Should().Be(100);
    }

    [Fact]
    public async Task JUnit_has_one_failure_per_test_case_whose_message_counts_and_body_shows_examples()
    {
        var path = Path.Combine(folder.FullName, "junit.xml");
        await JUnitReportWriter.WriteAsync(PlantedFlawReports.Report(), path, TestContext.Current.CancellationToken);

        var cases = XDocument.Load(path).Descendants("testcase").ToList();
        cases.Should().HaveCount(3);
        cases.Should().OnlyContain(c => c.Elements("failure").Count() <= 1, "JUnit allows one failure per test case");
        var read = cases.Single(c => c.Attribute("name")!.Value.Contains(PlantedFlawReports.EndpointSubject, StringComparison.Ordinal)).Element("failure")!;
        read.Attribute("message")!.Value.Should().StartWith("90 findings; e.g. GET /ledgers/{ledgerId}: tenant a01 read a ledger of tenant a02");
        read.Attribute("type")!.Value.Should().Be("IDR001 (High)");
        read.Value.Should().Contain("tenant 90 pairs: a01\u2192a02").And.Contain("Example 1 of 90").And.Contain("Example 3 of 90")
            .And.NotContain("Example 4 of 90").And.Contain("status 200; leaked: canary cnry-a02-7").And.Contain("Reproduce:\ncurl")
            .And.Contain("Remediation: Scope the lookup");
        cases.Single(c => c.Attribute("name")!.Value.Contains("tamper-route", StringComparison.Ordinal)).Elements("failure").Should().BeEmpty();
    }

    [Fact]
    public void Sarif_has_one_result_per_group_with_its_fingerprint_and_count()
    {
        var sarif = JsonNode.Parse(SarifReportWriter.Render(PlantedFlawReports.Report()))!;

        var results = sarif["runs"]![0]!["results"]!.AsArray();
        results.Should().HaveCount(2);
        var read = results.Single(r => r!["ruleId"]!.GetValue<string>() == "IDR001")!;
        read["partialFingerprints"]![SarifReportWriter.FingerprintKey]!.GetValue<string>()
            .Should().Be(FindingFingerprint.Of("IDR001", PlantedFlawReports.EndpointSubject));
        read["occurrenceCount"]!.GetValue<int>().Should().Be(90);
        read["properties"]!["count"]!.GetValue<int>().Should().Be(90);
        read["properties"]!["examples"]!.AsArray().Should().HaveCount(3);
        read["message"]!["text"]!.GetValue<string>().Should().StartWith($"90 findings of IDR001 on {PlantedFlawReports.EndpointSubject}; e.g. ");
        results.Single(r => r!["ruleId"]!.GetValue<string>() == "RLS002")!["occurrenceCount"]!.GetValue<int>().Should().Be(10);
        SarifReportWriterTests.AssertSchemaRequirements(sarif);
    }

    [Fact]
    public void The_markdown_summary_has_one_row_and_one_section_per_group()
    {
        var markdown = MarkdownReportWriter.Render(PlantedFlawReports.Report());

        var rows = markdown.Split('\n').Where(l => l.StartsWith("| high | IDR001 |", StringComparison.Ordinal) || l.StartsWith("| critical | RLS002 |", StringComparison.Ordinal)).ToList();
        rows.Should().HaveCount(2);
        rows[1].Should().StartWith($"| high | IDR001 | GET /ledgers/{{ledgerId}} read | 90 | 90 pairs: a01→a02, a01→a03, a01→a04, a01→a05, … | ");
        markdown.Should().Contain("100 findings in 2 groups (one rule about one subject each).");
        markdown.Split("<details>").Should().HaveCount(3);
        markdown.Should().Contain("**Example 3 of 90**").And.NotContain("Example 4 of");
        markdown.Split('\n').Length.Should().BeLessThan(160, "a hundred findings of two groups are two entries, not a hundred");
    }

    [Fact]
    public async Task Report_json_keeps_every_finding_and_the_probed_pairs()
    {
        var path = Path.Combine(folder.FullName, "report.json");
        await JsonReportWriter.WriteAsync(PlantedFlawReports.Report(), path, TestContext.Current.CancellationToken);
        var json = JsonNode.Parse(await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken))!;

        json["scenarios"]!.AsArray().Sum(s => s!["checkResults"]!.AsArray().Sum(c => c!["findings"]!.AsArray().Count)).Should().Be(100);
        var back = await ReportMerge.MergeFilesAsync([path], TestContext.Current.CancellationToken);
        back.Scenarios[0].Checks[0].ProbedPairs.Should().HaveCount(90);
    }
}
