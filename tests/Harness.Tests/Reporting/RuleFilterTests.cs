using FluentAssertions;
using Harness.Errors;
using Harness.Reporting;
using Harness.Running;

namespace Harness.Tests.Reporting;

/// <summary>--rules and --skip-rules: which checks are reported, how the rest show as skipped, and what the verdict makes of it.</summary>
public sealed class RuleFilterTests
{
    private static readonly Findings.Rule[] Known = [SampleReports.RlsMissing, SampleReports.NoPolicy, SampleReports.ReadById, SampleReports.ListCount];

    [Theory]
    [InlineData("AUD001", null, "AUD001", true)]
    [InlineData("aud001", null, "AUD001", true)]
    [InlineData("AUD001", null, "AUD004", false)]
    [InlineData("AUD*", null, "AUD004", true)]
    [InlineData("AUD*", null, "IDR001", false)]
    [InlineData(null, "AUD*", "AUD004", false)]
    [InlineData(null, "AUD*", "IDR001", true)]
    [InlineData("AUD*", "AUD004", "AUD004", false)]
    [InlineData("AUD*", "AUD004", "AUD001", true)]
    [InlineData(" AUD001 , IDR* ", null, "IDR004", true)]
    public void A_rule_is_selected_by_an_id_or_a_prefix_and_skip_wins(string? rules, string? skip, string id, bool selected)
    {
        var filter = RuleFilter.Parse(rules, skip);

        filter.Selects(Known.Single(r => r.Id == id)).Should().Be(selected);
    }

    [Theory]
    [InlineData("*")]
    [InlineData("AU*D")]
    [InlineData("AUD**")]
    public void A_pattern_with_a_misplaced_star_is_a_usage_error(string pattern)
    {
        var act = () => RuleFilter.Parse(pattern, null);

        act.Should().Throw<UsageException>().Where(e => e.Option == "--rules").WithMessage("*one * at its end*");
    }

    [Fact]
    public void An_unknown_rule_is_refused_with_the_closest_ids()
    {
        var act = () => RuleFilter.Parse("AUD001", "AUD005").Validate(Known);

        act.Should().Throw<UsageException>().Where(e => e.Option == "--skip-rules")
            .WithMessage("--skip-rules: no rule of the scenarios that run is 'AUD005'; did you mean AUD001, AUD004? their rules: AUD001-AUD004 (2), IDR001-IDR004 (2)");
    }

    [Fact]
    public void A_prefix_that_matches_no_rule_is_refused()
    {
        var act = () => RuleFilter.Parse("RLS*", null).Validate(Known);

        act.Should().Throw<UsageException>().WithMessage("--rules: no rule of the scenarios that run is 'RLS*'*");
    }

    [Fact]
    public void Checks_of_rules_left_out_are_skipped_without_findings_and_the_verdict_counts_only_the_rest()
    {
        var report = SampleReports.Failing();
        var filter = RuleFilter.Parse(null, "AUD001");

        var filtered = report with { Scenarios = [.. report.Scenarios.Select(filter.Apply)] };

        var audit = filtered.Scenarios[0];
        audit.Checks.Should().HaveCount(3, "a skipped check is kept, to be listed as skipped");
        audit.Skipped.Select(c => c.Subject).Should().Equal("orders", "sites");
        audit.Skipped.Should().OnlyContain(c => !c.Passed && c.Findings.Count == 0 && c.Skipped == "rule left out by --skip-rules AUD001");
        filtered.Findings.Select(f => f.Rule.Id).Should().Equal("IDR004");
        var verdict = RunVerdict.Of(filtered);
        verdict.Checks.Should().Be(3);
        verdict.Headline.Should().StartWith("FAIL: 1 finding(s) at or above low in 3 checks");
    }

    [Fact]
    public void A_filter_that_leaves_no_check_makes_the_run_incomplete_never_a_pass()
    {
        var report = SampleReports.Clean();
        var filter = RuleFilter.Parse("IDR*", null);

        var verdict = RunVerdict.Of(report with { Scenarios = [.. report.Scenarios.Select(filter.Apply)] });

        verdict.Outcome.Should().Be(RunOutcome.Incomplete);
        verdict.Headline.Should().StartWith("INCOMPLETE: the rule filter left none of the 2 check(s) to judge");
        verdict.Reasons.Should().ContainSingle().Which.Detail.Should().Contain("--rules, --skip-rules");
    }

    [Fact]
    public async Task The_reports_list_skipped_checks_as_skipped_and_a_merge_keeps_them()
    {
        var report = SampleReports.Failing();
        var filter = RuleFilter.Parse("IDR*", null);
        var filtered = report with { Scenarios = [.. report.Scenarios.Select(filter.Apply)] };

        MarkdownReportWriter.Render(filtered).Should().Contain("### Skipped (3)").And.Contain("| AUD001 | 2 |");
        ReportMerge.Merge([filtered, filtered]).Scenarios[0].Skipped.Should().HaveCount(3);
        var junit = Path.Combine(Directory.CreateTempSubdirectory("harness-junit-").FullName, "junit.xml");
        await JUnitReportWriter.WriteAsync(filtered, junit, TestContext.Current.CancellationToken);
        var xml = System.Xml.Linq.XDocument.Load(junit);
        xml.Root!.Attribute("skipped")!.Value.Should().Be("3");
        xml.Descendants("skipped").Select(s => (string)s.Attribute("message")!).Should().OnlyContain(m => m == "skipped: rule left out by --rules IDR*");
    }
}
