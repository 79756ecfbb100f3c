using FluentAssertions;
using Harness.Findings;
using Harness.Reporting;
using Harness.Running;

namespace Harness.Tests.Reporting;

/// <summary>The one verdict: PASS / FAIL / INCOMPLETE, its exit code and its headline, decided from the report alone.</summary>
public sealed class RunVerdictTests
{
    [Fact]
    public void A_clean_run_passes_with_exit_code_0()
    {
        var verdict = RunVerdict.Of(SampleReports.Clean());

        verdict.Outcome.Should().Be(RunOutcome.Pass);
        verdict.ExitCode.Should().Be(0);
        verdict.Word.Should().Be("PASS");
        verdict.Reasons.Should().BeEmpty();
        verdict.Headline.Should().Be("PASS: 2 checks, no finding at or above low (3.5s)");
    }

    [Fact]
    public void Findings_at_or_above_the_threshold_fail_with_exit_code_1_the_most_severe_first()
    {
        var verdict = RunVerdict.Of(SampleReports.Failing());

        verdict.Outcome.Should().Be(RunOutcome.Fail);
        verdict.ExitCode.Should().Be(1);
        verdict.GateFindings.Should().Equal(SampleReports.Critical, SampleReports.Low);
        verdict.Checks.Should().Be(5);
        verdict.Probes.Should().Be(18);
        verdict.Headline.Should().Be("FAIL: 2 finding(s) at or above low in 5 checks (3.5s)");
    }

    [Fact]
    public void Findings_below_the_threshold_do_not_fail_the_gate()
    {
        var report = SampleReports.Failing(Severity.Critical) with { Scenarios = [SampleReports.Failing().Scenarios[1]] };

        var verdict = RunVerdict.Of(report);

        verdict.Outcome.Should().Be(RunOutcome.Pass);
        verdict.GateFindings.Should().BeEmpty();
        RunVerdict.Fails(Severity.High, Severity.Critical).Should().BeFalse();
        RunVerdict.Fails(Severity.Critical, Severity.Critical).Should().BeTrue();
    }

    [Fact]
    public void A_scenario_that_could_not_run_to_its_end_makes_the_run_incomplete_even_with_findings()
    {
        var report = SampleReports.Failing() with
        {
            Scenarios = [.. SampleReports.Failing().Scenarios, .. SampleReports.Incomplete().Scenarios.Where(s => s.Error is not null)],
        };

        var verdict = RunVerdict.Of(report);

        verdict.Outcome.Should().Be(RunOutcome.Incomplete);
        verdict.ExitCode.Should().Be(2);
        verdict.Word.Should().Be("INCOMPLETE");
        verdict.Reasons.Should().Equal(new IncompleteReason("rls", "rls could not run to its end", "The app role 'app' has BYPASSRLS; refusing to run."));
        verdict.Headline.Should().Be("INCOMPLETE: rls could not run to the end; 2 finding(s) at or above low in the 5 checks that ran (3.5s)");
    }

    [Fact]
    public void A_run_in_which_no_check_ran_is_incomplete_not_a_pass()
    {
        var report = SampleReports.Clean() with { Scenarios = [new ScenarioResult("idor", [], TimeSpan.FromSeconds(1))] };

        var verdict = RunVerdict.Of(report);

        verdict.Outcome.Should().Be(RunOutcome.Incomplete);
        verdict.ExitCode.Should().Be(2);
        verdict.Reasons.Should().ContainSingle().Which.ToString()
            .Should().Be("no check ran: none of the 1 scenario(s) ran a check, so the run tested nothing");
        verdict.Headline.Should().Be("INCOMPLETE: no check ran in 1 scenario(s) (3.5s)");
        report.ExitCode.Should().Be(2, "the report's exit code is the verdict's");
    }

    [Fact]
    public void A_run_without_scenarios_is_incomplete()
    {
        var verdict = RunVerdict.Of(SampleReports.Clean() with { Scenarios = [] });

        verdict.Outcome.Should().Be(RunOutcome.Incomplete);
        verdict.Reasons.Should().ContainSingle().Which.Detail.Should().Be("no scenario ran, so the run tested nothing");
    }

    [Theory]
    [InlineData(RunOutcome.Pass, 0)]
    [InlineData(RunOutcome.Fail, 1)]
    [InlineData(RunOutcome.Incomplete, 2)]
    public void Each_outcome_is_its_documented_exit_code(RunOutcome outcome, int exitCode) =>
        ((int)outcome).Should().Be(exitCode);
}
