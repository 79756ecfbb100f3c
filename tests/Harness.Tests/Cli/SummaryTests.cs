using FluentAssertions;
using Harness.Cli.Commands;
using Harness.Reporting;
using Harness.Tests.Reporting;

namespace Harness.Tests.Cli;

/// <summary>The console's closing lines state the report's verdict, and the command exits with its code.</summary>
public sealed class SummaryTests
{
    [Fact]
    public void A_failing_run_lists_its_gate_findings_and_ends_with_FAIL()
    {
        using var output = new StringWriter();

        var verdict = Summary.Print(SampleReports.Failing(), null, output);

        verdict.ExitCode.Should().Be(ExitCodes.Findings);
        var lines = output.ToString().ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        lines[0].Should().StartWith("  CRITICAL AUD001 orders: ");
        lines[^1].Should().Be("result: FAIL: 2 finding(s) at or above low in 5 checks (3.5s)");
    }

    [Fact]
    public void A_hundred_findings_of_one_flaw_are_one_line_per_rule_and_subject_with_count_and_pairs()
    {
        using var output = new StringWriter();

        Summary.Print(Reporting.Grouping.PlantedFlawReports.Report(), null, output).ExitCode.Should().Be(ExitCodes.Findings);

        output.ToString().ReplaceLineEndings("\n").Should().Be(
            "  CRITICAL RLS002 ledger_entries SELECT other-tenant: ledger_entries: row 1 of another tenant is visible [x10]\n" +
            "  HIGH     IDR001 GET /ledgers/{ledgerId} read: GET /ledgers/{ledgerId}: tenant a01 read a ledger of tenant a02 " +
            "[x90, 90 pairs: a01\u2192a02, a01\u2192a03, a01\u2192a04, a01\u2192a05, \u2026]\n" +
            "result: FAIL: 100 finding(s) at or above low in 3 checks (4.0s)\n");
    }

    [Fact]
    public void An_incomplete_run_names_each_reason_and_exits_2()
    {
        using var output = new StringWriter();

        var verdict = Summary.Print(SampleReports.Incomplete(), null, output);

        verdict.ExitCode.Should().Be(ExitCodes.CouldNotRun);
        output.ToString().ReplaceLineEndings("\n").Should().Be(
            "  ERROR    rls could not run to its end: The app role 'app' has BYPASSRLS; refusing to run.\n" +
            "result: INCOMPLETE: rls could not run to the end; 0 finding(s) at or above low in the 2 checks that ran (3.5s)\n");
    }

    [Fact]
    public void A_clean_run_ends_with_PASS_and_exits_0()
    {
        using var output = new StringWriter();

        Summary.Print(SampleReports.Clean(), null, output).ExitCode.Should().Be(ExitCodes.Clean);

        output.ToString().ReplaceLineEndings("\n").Should().Be("result: PASS: 2 checks, no finding at or above low (3.5s)\n");
    }

    [Fact]
    public void The_exit_codes_are_the_verdicts()
    {
        ExitCodes.Clean.Should().Be((int)RunOutcome.Pass);
        ExitCodes.Findings.Should().Be((int)RunOutcome.Fail);
        ExitCodes.CouldNotRun.Should().Be((int)RunOutcome.Incomplete);
    }
}
