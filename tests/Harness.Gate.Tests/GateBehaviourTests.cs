using Harness.Findings;
using Harness.Reporting;
using Harness.Xunit;

namespace Harness.Gate.Tests;

/// <summary>That the gate runs what it should, and fails (without failing this build) on a planted flaw.</summary>
public sealed class GateBehaviourTests(SampleGate clean, FlawedSampleGate flawed)
{
    [Fact]
    public void The_clean_sample_runs_every_scenario_and_passes()
    {
        Assert.Null(clean.StartFailure);
        Assert.Equal(["audit", "rls", "idor", "quota", "survival", "chaos"], clean.Report.Scenarios.Select(s => s.ScenarioId));
        Assert.All(clean.Report.Scenarios, s => Assert.NotEmpty(s.Checks));
        Assert.Equal(0, clean.Report.ExitCode);
        Assert.True(Directory.Exists(clean.ReportFolder));
        Assert.All(clean.Checks, c => Assert.True(c.Passed, c.DisplayName));
    }

    [Fact]
    public void A_planted_app_level_flaw_fails_its_checks_with_the_evidence()
    {
        Assert.Null(flawed.StartFailure);
        Assert.Equal(1, flawed.Report.ExitCode);

        var failing = flawed.Checks.Where(c => !c.Passed).ToList();
        Assert.NotEmpty(failing);
        Assert.All(failing, c => Assert.Equal("idor", c.Scenario));
        Assert.Contains(failing, c => c.Failures.Any(f => f.Subject.Contains("/sites/{siteId}", StringComparison.Ordinal)));

        var error = Assert.Throws<IsolationCheckFailedException>(failing[0].ShouldPass);
        TestContext.Current.TestOutputHelper?.WriteLine(error.Message); // what a user's failing case shows
        var finding = failing[0].Failures[0];
        Assert.StartsWith(failing[0].DisplayName + ":", error.Message, StringComparison.Ordinal);
        Assert.Contains(finding.Message, error.Message, StringComparison.Ordinal);
        Assert.Contains("evidence: ", error.Message, StringComparison.Ordinal);
        Assert.True(finding.Severity >= Severity.Low);
    }

    [Fact]
    public void A_scenario_that_did_not_run_to_its_end_is_a_failing_case_with_the_reason()
    {
        var check = IsolationCheck.NotRunToEnd("SampleGate", "rls", "the app role has BYPASSRLS", ["[SampleGate] rls: could not run"]);

        Assert.False(check.Passed);
        Assert.Equal("rls ran to its end", check.DisplayName);
        var error = Assert.Throws<IsolationGateException>(check.ShouldPass);
        Assert.StartsWith("SampleGate: rls could not run to its end: the app role has BYPASSRLS", error.Message, StringComparison.Ordinal);
        Assert.Equal(["[SampleGate] rls: could not run"], error.Log);
    }

    [Fact]
    public void A_run_in_which_no_check_ran_is_a_failing_case_instead_of_no_case()
    {
        var check = IsolationCheck.Incomplete("SampleGate", IncompleteReason.NoCheckRan(0), ["[SampleGate] 0 checks"]);

        Assert.False(check.Passed);
        Assert.Equal("SampleGate ran a check", check.DisplayName);
        var error = Assert.Throws<IsolationGateException>(check.ShouldPass);
        Assert.StartsWith("SampleGate: no check ran: no scenario ran, so the run tested nothing", error.Message, StringComparison.Ordinal);
    }
}

/// <summary>A gate that cannot run keeps its failure and rethrows it, with the real cause, from every read and every case.</summary>
public sealed class GateStartFailureTests(MisconfiguredGate gate)
{
    [Fact]
    public void Reading_the_report_rethrows_the_real_cause()
    {
        Assert.NotNull(gate.StartFailure);

        var error = Assert.Throws<IsolationGateException>(() => gate.Report);

        Assert.Same(gate.StartFailure, error.InnerException);
        Assert.StartsWith($"{nameof(MisconfiguredGate)} did not run: {gate.StartFailure.Message}", error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(MisconfiguredGate), string.Join("\n", error.Log), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Its_theory_data_is_one_case_that_rethrows_the_cause()
    {
        var check = Assert.Single(await GateData.RowsAsync(typeof(MisconfiguredGate)));

        Assert.Equal($"{nameof(MisconfiguredGate)} did not run", check.DisplayName);
        var error = Assert.Throws<IsolationGateException>(check.ShouldPass);
        Assert.Same(gate.StartFailure, error.InnerException);
    }
}

/// <summary>The checks <see cref="IsolationChecksAttribute"/> yields for a gate, as a theory would receive them.</summary>
internal static class GateData
{
    public static async Task<IReadOnlyList<IsolationCheck>> RowsAsync(Type gateType)
    {
        var rows = await new IsolationChecksAttribute(gateType)
            .GetData(typeof(GateData).GetMethod(nameof(RowsAsync))!, new global::Xunit.Sdk.DisposalTracker());
        return [.. rows.Select(r => (IsolationCheck)r.GetData()[0]!)];
    }
}

/// <summary>A family from the test project runs in the gate, is reported, and its findings fail their cases.</summary>
public sealed class OwnFamilyGateTests(OwnFamilyGate gate)
{
    [Fact]
    public void The_registered_family_runs_alone_and_its_checks_become_cases()
    {
        Assert.Null(gate.StartFailure);
        Assert.Equal([LedgerFamily.FamilyId], gate.Report.Scenarios.Select(s => s.ScenarioId));
        Assert.Equal(4, gate.Checks.Count);
        Assert.All(gate.Checks.Where(c => c.Failures.All(f => f.Rule != LedgerFamily.Planted)), c => Assert.True(c.Passed, c.DisplayName));
        Assert.True(File.Exists(Path.Combine(gate.ReportFolder, "junit.xml")));
    }

    [Fact]
    public void Its_finding_fails_the_gate_and_its_case()
    {
        Assert.Equal(1, gate.Report.ExitCode);
        var failing = Assert.Single(gate.Checks, c => !c.Passed);
        Assert.Equal(LedgerFamily.FamilyId, failing.Scenario);
        var error = Assert.Throws<Harness.Xunit.IsolationCheckFailedException>(failing.ShouldPass);
        Assert.Contains("planted on purpose", error.Message, StringComparison.Ordinal);
    }
}
