using System.Text.RegularExpressions;
using FluentAssertions;
using Harness.Findings;
using Harness.Reporting;

namespace Harness.Tests.Reporting;

public sealed class MarkdownReportWriterTests : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("harness-markdown-");

    public void Dispose() => folder.Delete(recursive: true);

    [Fact]
    public async Task A_failing_run_says_FAIL_and_lists_scenarios_and_gate_findings_by_severity()
    {
        var markdown = await WriteAsync(SampleReports.Failing(), "summary.md");

        markdown.Should().StartWith("## Harness: FAIL\n");
        markdown.Should().Contain("**2 findings at or above low** in sample-target: 5 checks, 18 probes, 2 scenarios, 3.50s. Exit code 1.");
        markdown.Should().Contain("| audit | 3 | 2 | 3 | 1 | 1.25s |\n");
        markdown.Should().Contain("| idor | 2 | 1 | 15 | 1 | 2.00s |\n");

        var critical = "| critical | AUD001 | orders | 1 |  | Table orders has company\\_id but row-level security is off: every tenant's rows are visible to the app role. |\n";
        var low = "| low | IDR004 | GET /sites | 1 |  | GET /sites answers X-Total \\| count of all tenants<br>not only the caller's |\n";
        markdown.Should().Contain(critical).And.Contain(low);
        markdown.IndexOf(critical, StringComparison.Ordinal).Should().BeLessThan(markdown.IndexOf(low, StringComparison.Ordinal));
    }

    [Fact]
    public void Pipes_and_line_breaks_cannot_break_a_table_row()
    {
        var markdown = MarkdownReportWriter.Render(SampleReports.Failing());

        var rows = markdown.Split('\n').Where(l => l.StartsWith("| low |", StringComparison.Ordinal)).ToList();
        rows.Should().ContainSingle();
        Regex.Matches(rows[0], @"(?<!\\)\|").Should().HaveCount(7, "a six-column row has seven unescaped pipes");
        markdown.Should().NotContain("X-Total | count");
    }

    [Fact]
    public void Each_finding_has_a_collapsed_section_with_evidence_and_a_reproduction_in_its_language()
    {
        var markdown = MarkdownReportWriter.Render(SampleReports.Failing());

        Regex.Matches(markdown, "<details>").Should().HaveCount(2);
        markdown.Should().Contain("<summary>critical AUD001 orders: Tenant table without row-level security</summary>");
        markdown.Should().Contain("```text\nrelrowsecurity = false, relforcerowsecurity = false, owner = postgres\n```");
        markdown.Should().Contain($"```sql\n{SampleReports.Critical.Reproduction}\n```");
        markdown.Should().Contain($"```bash\n{SampleReports.Low.Reproduction}\n```");
        markdown.Should().Contain("Remediation: ALTER TABLE \\<table\\> ENABLE ROW LEVEL SECURITY;");
    }

    [Fact]
    public void The_run_facts_are_listed()
    {
        var markdown = MarkdownReportWriter.Render(SampleReports.Failing());

        markdown.Should().Contain("| run id | 20261123-002751-euaqfgbc |\n")
            .And.Contain("| target | sample-target |\n")
            .And.Contain("| postgres | local cluster 15.8 on 127.0.0.1:54321 |\n")
            .And.Contain("| started | 2026-11-23T00:27:51+00:00 |\n")
            .And.Contain("| duration | 3.50s |\n")
            .And.Contain("| seed | 42 |\n")
            .And.Contain("| tenants | 50 |\n")
            .And.Contain("| seeded rows | 1234 |\n");
    }

    [Fact]
    public void A_clean_run_says_PASS_and_has_no_findings_table()
    {
        var markdown = MarkdownReportWriter.Render(SampleReports.Clean());

        markdown.Should().StartWith("## Harness: PASS\n");
        markdown.Should().Contain("No finding at or above **low**");
        markdown.Should().NotContain("FAIL").And.NotContain("| severity |").And.NotContain("<details>");
        markdown.Should().Contain("| audit | 2 | 2 | 2 | 0 | 0.50s |\n");
    }

    [Fact]
    public void Findings_below_the_threshold_pass_the_gate_and_are_only_counted()
    {
        var markdown = MarkdownReportWriter.Render(SampleReports.Failing(Severity.Critical) with
        {
            Scenarios = [SampleReports.Failing().Scenarios[1]],
        });

        markdown.Should().StartWith("## Harness: PASS\n");
        markdown.Should().NotContain("| severity |");
        markdown.Should().Contain("1 finding below critical is in report.json.");
    }

    [Fact]
    public void A_thousand_findings_are_capped_at_the_table_limit()
    {
        var markdown = MarkdownReportWriter.Render(SampleReports.Many(1000));

        var rows = markdown.Split('\n').Count(l => l.StartsWith("| low | IDR004 |", StringComparison.Ordinal));
        rows.Should().Be(MarkdownReportWriter.MaxFindingRows);
        markdown.Should().Contain($"\n{1000 - MarkdownReportWriter.MaxFindingRows} more groups ({1000 - MarkdownReportWriter.MaxFindingRows} findings) in report.json.\n");
        Regex.Matches(markdown, "<details>").Should().HaveCount(MarkdownReportWriter.MaxFindingRows);
        markdown.Should().Contain("**1000 findings at or above low**");
    }

    [Fact]
    public async Task The_output_is_deterministic_and_the_file_is_the_rendering()
    {
        var first = await WriteAsync(SampleReports.Failing(), "first.md");
        var second = await WriteAsync(SampleReports.Failing(), "second.md");

        second.Should().Be(first);
        first.Should().Be(MarkdownReportWriter.Render(SampleReports.Failing()));
        first.Should().NotContain("\r");
    }

    [Theory]
    [InlineData("SELECT 1;", "sql")]
    [InlineData("  select relname from pg_class;", "sql")]
    [InlineData("-- as the app role\nSET ROLE app;", "sql")]
    [InlineData("/* as tenant A */ BEGIN;", "sql")]
    [InlineData("WITH x AS (SELECT 1) SELECT * FROM x;", "sql")]
    [InlineData("curl -s http://localhost/sites", "bash")]
    [InlineData("psql \"$DATABASE_URL\" -c 'SELECT 1'", "bash")]
    [InlineData("selection=1", "bash")]
    public void Reproductions_are_fenced_as_sql_or_bash(string reproduction, string language) =>
        MarkdownReportWriter.ReproductionLanguage(reproduction).Should().Be(language);

    [Fact]
    public void A_reproduction_with_backticks_gets_a_longer_fence()
    {
        var finding = SampleReports.Low with { Reproduction = "echo ```x```" };
        var report = SampleReports.Failing() with
        {
            Scenarios = [new Harness.Running.ScenarioResult("idor", [new Harness.Running.CheckResult(SampleReports.ListCount, "GET /sites", [finding])], TimeSpan.Zero)],
        };

        MarkdownReportWriter.Render(report).Should().Contain("````bash\necho ```x```\n````");
    }

    private async Task<string> WriteAsync(RunReport report, string name)
    {
        var path = Path.Combine(folder.FullName, name);
        await MarkdownReportWriter.WriteAsync(report, path, TestContext.Current.CancellationToken);
        return await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken);
    }

    [Fact]
    public void Metrics_are_a_table_after_the_scenarios_and_series_are_named()
    {
        var markdown = MarkdownReportWriter.Render(MetricReports.Load());

        markdown.Should().Contain(
            "### Metrics\n\n| scenario | metric | subject | value |\n| --- | --- | --- | ---: |\n" +
            "| load | requests/s |  | 40 req/s |\n" +
            "| load | errors \\| \\<b\\> |  | 0 |\n\n" +
            "**load per tenant**\n\n| tenant | phase or subject | p50 latency (ms) | p99 latency (ms) |\n| --- | --- | ---: | ---: |\n" +
            "| t1 | GET /sites | 12.5 | 41.25 |\n\n" +
            "2 series (p99 latency t1, requests over time) are charted in report.html.\n\n");
        markdown.IndexOf("### Metrics", StringComparison.Ordinal).Should().BeGreaterThan(markdown.IndexOf("### Scenarios", StringComparison.Ordinal));
    }

    [Fact]
    public void A_run_that_measured_nothing_has_no_metrics_section()
    {
        MarkdownReportWriter.Render(SampleReports.Failing()).Should().NotContain("### Metrics");
    }

    [Fact]
    public void Per_tenant_figures_are_a_short_tenant_by_phase_table_of_the_first_metrics()
    {
        var markdown = MarkdownReportWriter.Render(SoakReports.Soak());

        markdown.Should().Contain(
            "| scenario | metric | subject | value |\n| --- | --- | --- | ---: |\n| soak | Jain's fairness index | flood | 0.98 |\n\n" +
            "**soak per tenant**\n\n" +
            "| tenant | phase or subject | offered (req/s) | 2xx | 429 | p50 latency (ms) | p99 latency (ms) | p99.9 latency (ms) |\n" +
            "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n" +
            "| t1 | baseline | 2 | 60 | 0 | 9.5 | 21.25 | 30 |\n" +
            "| t1 | flood | 60 | 120 | 3000 | 19 | 42.5 | 60 |\n");
        markdown.Should().Contain("| t3 | recovery | 2 | 60 | 0 | 9.5 | 21.25 | 30 |\n\n1 more metric in report.json and report.html.\n\n")
            .And.NotContain("max latency", "a CI step summary shows the first six figures");
    }
}
