using System.Text.Json;
using System.Xml.Linq;
using FluentAssertions;
using Harness.Findings;
using Harness.Manifest;
using Harness.Reporting;

namespace Harness.Tests.Reporting;

/// <summary>A baseline file: how it is read and written, and what it does to a run's verdict and reports.</summary>
public sealed class BaselineTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>The sample report's run day is 2026-11-23.</summary>
    private static Baseline Accepting(DateOnly? expires, params Finding[] findings) =>
        BaselineFile.Parse(BaselineFile.Render(findings, "legacy, fixed by #123", expires), "harness-baseline.yaml");

    [Fact]
    public void A_written_baseline_reads_back_one_entry_per_fingerprint_with_its_reason_and_expiry()
    {
        var twice = SampleReports.Critical with { Message = "another message about the same table" };

        var baseline = Accepting(new DateOnly(2027, 3, 1), SampleReports.Critical, twice, SampleReports.Low);

        baseline.Suppressions.Should().HaveCount(2);
        baseline.Suppressions[0].Should().BeEquivalentTo(new
        {
            Rule = "AUD001",
            Subject = "orders",
            Fingerprint = SampleReports.Critical.Fingerprint,
            Reason = "legacy, fixed by #123",
            Expires = (DateOnly?)new DateOnly(2027, 3, 1),
        });
        baseline.Suppressions[1].Subject.Should().Be("GET /sites");
        baseline.Suppressions[0].Source.Should().MatchRegex(@"^harness-baseline\.yaml:\d+$");
    }

    [Theory]
    [InlineData("  - rule: AUD001\n    subject: orders\n", "harness-baseline.yaml:3:5: suppression of AUD001 orders has no 'reason'")]
    [InlineData("  - rule: AUD001\n    subject: orders\n    reason: ok\n    expires: next year\n", "harness-baseline.yaml:6:14: expires 'next year' is not a date; write it as YYYY-MM-DD")]
    [InlineData("  - rule: AUD001\n    subject: orders\n    reason: ok\n    owner: me\n", "harness-baseline.yaml:6:5: unknown key 'suppressions[0].owner'")]
    [InlineData("  - rule: AUD001\n    subject: orders\n    fingerprint: 0000000000000000\n    reason: ok\n", "harness-baseline.yaml:5:18: fingerprint 0000000000000000 is not the one of AUD001 orders")]
    [InlineData("  - rule: AUD001\n    subject: orders\n    reason: ok\n  - rule: AUD001\n    subject: orders\n    reason: again\n", "harness-baseline.yaml:6:5: AUD001 orders is suppressed twice (first at harness-baseline.yaml:3)")]
    [InlineData("  - rule: AUD001\n    subject: orders\n    reason: \"\"\n", "harness-baseline.yaml:5:13: 'suppressions[0].reason' must be a non-empty string")]
    public void A_mistake_in_the_file_is_refused_with_file_line_and_column(string entries, string expected)
    {
        var act = () => BaselineFile.Parse("version: 1\nsuppressions:\n" + entries, "harness-baseline.yaml");

        act.Should().Throw<ManifestException>().Which.Message.Should().StartWith(expected);
    }

    [Fact]
    public void Suppressed_findings_leave_the_gate_but_stay_listed_with_their_reason()
    {
        var report = SampleReports.Failing() with { Baseline = Accepting(null, SampleReports.Critical, SampleReports.Low) };

        var verdict = RunVerdict.Of(report);

        verdict.Outcome.Should().Be(RunOutcome.Pass);
        verdict.Headline.Should().Contain("2 suppressed by the baseline");
        report.Findings.Should().BeEmpty();
        report.Suppressed.Select(s => (s.Finding, s.By.Reason)).Should().Equal(
            (SampleReports.Critical, "legacy, fixed by #123"), (SampleReports.Low, "legacy, fixed by #123"));
        report.Suppressions.Unused.Should().BeEmpty();
        report.Suppressions.Expired.Should().BeEmpty();
    }

    [Fact]
    public void Only_a_new_finding_fails_the_gate()
    {
        var report = SampleReports.Failing() with { Baseline = Accepting(null, SampleReports.Low) };

        var verdict = RunVerdict.Of(report);

        verdict.Outcome.Should().Be(RunOutcome.Fail);
        verdict.GateFindings.Should().Equal(SampleReports.Critical);
    }

    [Fact]
    public void An_expired_suppression_suppresses_nothing_and_says_since_when()
    {
        // The run started on 2026-11-23: an entry that expires that day no longer suppresses, one that expires the day after still does.
        var expired = Accepting(new DateOnly(2026, 11, 23), SampleReports.Critical);
        var current = Accepting(new DateOnly(2026, 11, 24), SampleReports.Critical);

        var failing = SampleReports.Failing(Severity.High) with { Baseline = expired };
        var passing = SampleReports.Failing(Severity.High) with { Baseline = current };

        RunVerdict.Of(failing).Outcome.Should().Be(RunOutcome.Fail);
        failing.Suppressions.Expired.Should().ContainSingle().Which.Subject.Should().Be("orders");
        failing.Suppressions.Warnings().Should().ContainSingle().Which.Should().Contain("expired on 2026-11-23");
        RunVerdict.Of(passing).Outcome.Should().Be(RunOutcome.Pass);
    }

    [Fact]
    public void An_unused_suppression_is_a_warning_not_a_failure()
    {
        var gone = SampleReports.Critical with { Subject = "invoices" };
        var report = SampleReports.Clean() with { Baseline = Accepting(null, gone) };

        RunVerdict.Of(report).Outcome.Should().Be(RunOutcome.Pass);
        report.Suppressions.Unused.Should().ContainSingle().Which.Subject.Should().Be("invoices");
        report.Suppressions.Warnings().Should().ContainSingle().Which.Should().Contain("AUD001 invoices").And.Contain("matched no finding");
    }

    [Fact]
    public async Task Report_json_lists_suppressed_findings_and_entries_and_a_merge_judges_by_them_again()
    {
        var report = SampleReports.Failing() with { Baseline = Accepting(null, SampleReports.Critical, SampleReports.Critical with { Subject = "gone" }) };
        var path = Path.Combine(Directory.CreateTempSubdirectory("harness-baseline-").FullName, "report.json");

        await JsonReportWriter.WriteAsync(report, path, Token);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(path, Token));
        var merged = ReportMerge.Merge([await ReportMerge.LoadAsync(path, Token)]);

        var root = json.RootElement;
        root.GetProperty("summary").GetProperty("suppressed").GetInt32().Should().Be(1);
        root.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("ruleId").GetString()).Should().Equal("IDR004");
        var suppressed = root.GetProperty("suppressed").EnumerateArray().Should().ContainSingle().Subject;
        suppressed.GetProperty("reason").GetString().Should().Be("legacy, fixed by #123");
        suppressed.GetProperty("finding").GetProperty("subject").GetString().Should().Be("orders");
        root.GetProperty("suppressions").EnumerateArray().Select(s => s.GetProperty("status").GetString()).Should().Equal("applied", "unused");
        merged.Suppressed.Should().ContainSingle().Which.Finding.Subject.Should().Be("orders");
        RunVerdict.Of(merged).GateFindings.Should().Equal(SampleReports.Low);
    }

    [Fact]
    public async Task Markdown_html_sarif_and_junit_mark_suppressed_findings_with_the_reason()
    {
        var junitPath = Path.Combine(Directory.CreateTempSubdirectory("harness-baseline-").FullName, "junit.xml");
        var report = SampleReports.Failing() with { Baseline = Accepting(null, SampleReports.Critical) };

        var markdown = MarkdownReportWriter.Render(report);
        var html = HtmlReportWriter.Render(report);
        using var sarif = JsonDocument.Parse(SarifReportWriter.Render(report));
        await JUnitReportWriter.WriteAsync(report, junitPath, Token);
        var junit = XDocument.Load(junitPath);

        markdown.Should().Contain("### Suppressed by the baseline").And.Contain(@"| critical | AUD001 | orders | legacy, fixed by \#123 | never |");
        html.Should().Contain("id=\"suppressed-table\"").And.Contain("legacy, fixed by #123");
        var results = sarif.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();
        results.Should().HaveCount(2, "a suppressed finding is still a result");
        results.Single(r => r.TryGetProperty("suppressions", out _)).GetProperty("suppressions")[0].GetProperty("justification").GetString()
            .Should().Be("legacy, fixed by #123");
        junit.Descendants("failure").Select(f => (string)f.Attribute("type")!).Should().Equal("IDR004 (Low)");
        junit.Descendants("system-out").Should().Contain(e => e.Value.Contains("suppressed by the baseline", StringComparison.Ordinal));
    }
}
