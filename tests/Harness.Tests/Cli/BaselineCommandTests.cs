using FluentAssertions;
using Harness.Findings;
using Harness.Reporting;
using Harness.Tests.Infrastructure;
using Harness.Tests.Reporting;

namespace Harness.Tests.Cli;

/// <summary><c>harness baseline</c> and <c>harness run --baseline</c> as users run them: the real CLI process.</summary>
public sealed class BaselineCommandTests(PostgresFixture postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Without_a_reason_it_refuses_with_exit_2_and_writes_nothing()
    {
        var folder = Directory.CreateTempSubdirectory("harness-baseline-").FullName;
        var report = Path.Combine(folder, "report.json");
        await JsonReportWriter.WriteAsync(SampleReports.Failing(), report, Token);
        var output = Path.Combine(folder, "harness-baseline.yaml");

        var result = await CliProcess.HarnessAsync(["baseline", "--report", report, "-o", output], cancellationToken: Token);

        result.ExitCode.Should().Be(2, result.ToString());
        result.Stderr.Should().StartWith("error: harness baseline needs --reason");
        File.Exists(output).Should().BeFalse();
    }

    [Fact]
    public async Task A_report_becomes_a_baseline_with_one_entry_per_fingerprint()
    {
        var folder = Directory.CreateTempSubdirectory("harness-baseline-").FullName;
        var report = Path.Combine(folder, "report.json");
        await JsonReportWriter.WriteAsync(SampleReports.Failing(), report, Token);
        var output = Path.Combine(folder, "harness-baseline.yaml");

        var result = await CliProcess.HarnessAsync(
            ["baseline", "--report", report, "--reason", "accepted in #42", "--expires", "2027-03-01", "-o", output], cancellationToken: Token);

        result.ExitCode.Should().Be(0, result.ToString());
        var baseline = await BaselineFile.LoadAsync(output, Token);
        baseline.Suppressions.Select(s => (s.Fingerprint, s.Reason, s.ExpiresText)).Should().BeEquivalentTo(
            [(SampleReports.Critical.Fingerprint, "accepted in #42", "2027-03-01"), (SampleReports.Low.Fingerprint, "accepted in #42", "2027-03-01")]);
    }

    [Fact]
    public async Task A_bad_baseline_stops_the_run_with_exit_2_and_its_file_line_and_column()
    {
        var baseline = Path.Combine(Directory.CreateTempSubdirectory("harness-baseline-").FullName, "harness-baseline.yaml");
        await File.WriteAllTextAsync(baseline, "version: 1\nsuppressions:\n  - rule: AUD001\n    subject: orders\n", Token);

        var result = await CliProcess.HarnessAsync(
            ["run", "--manifest", RepositoryPaths.SampleManifest, "--postgres", postgres.AdminConnectionString, "--baseline", baseline], cancellationToken: Token);

        result.ExitCode.Should().Be(2, result.ToString());
        result.Stderr.Should().StartWith($"error: {baseline}:3:5: suppression of AUD001 orders has no 'reason'");
    }

    [Fact]
    public async Task A_run_with_the_baseline_of_its_findings_passes_and_still_lists_them_as_suppressed()
    {
        var reports = Directory.CreateTempSubdirectory("harness-reports-").FullName;
        var baseline = Path.Combine(reports, "harness-baseline.yaml");
        var first = await RunSampleAsync(Path.Combine(reports, "first"), null);
        first.ExitCode.Should().Be(1, first.ToString());
        var firstReport = Path.Combine(Directory.GetDirectories(Path.Combine(reports, "first")).Single(), "report.json");

        var written = await CliProcess.HarnessAsync(["baseline", "--report", firstReport, "--reason", "known, fixed by #7", "-o", baseline], cancellationToken: Token);
        var second = await RunSampleAsync(Path.Combine(reports, "second"), baseline);

        written.ExitCode.Should().Be(0, written.ToString());
        second.ExitCode.Should().Be(0, second.ToString());
        second.Stdout.Should().MatchRegex(@"baseline: [1-9]\d* finding\(s\) suppressed by ").And.Contain("result: PASS");
        var report = await ReportMerge.LoadAsync(Path.Combine(Directory.GetDirectories(Path.Combine(reports, "second")).Single(), "report.json"), Token);
        report.Suppressed.Should().NotBeEmpty().And.OnlyContain(s => s.By.Reason == "known, fixed by #7");
        report.Findings.Should().BeEmpty();
    }

    /// <summary>The sample with a planted flaw (RLS disabled on a table), audit only.</summary>
    private Task<CliProcess.Result> RunSampleAsync(string reports, string? baseline) =>
        CliProcess.HarnessAsync(
            ["run", "--manifest", RepositoryPaths.SampleManifest, "--postgres", postgres.AdminConnectionString, "--tenants", "4",
             "--scenarios", "audit", "--reports", reports, .. baseline is null ? Array.Empty<string>() : ["--baseline", baseline]],
            new Dictionary<string, string> { ["SAMPLE_FLAW"] = "rls-disabled" },
            Token);
}
