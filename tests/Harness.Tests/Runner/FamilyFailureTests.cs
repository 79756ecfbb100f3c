using System.Collections.Concurrent;
using System.Text.Json;
using FluentAssertions;
using Harness.Provisioning;
using Harness.Reporting;
using Harness.Runner;
using Harness.Tests.Infrastructure;

namespace Harness.Tests.Runner;

/// <summary>
/// A family that fails stops only itself: a harness failure is 'could not run' with its message, anything else is a bug in
/// the harness with its stack trace; the other families' results and the reports are kept, and the run exits 2.
/// </summary>
public sealed class FamilyFailureTests(PostgresFixture postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_family_that_throws_a_null_reference_is_a_bug_with_its_stack_trace_and_the_audit_findings_are_kept()
    {
        var (report, folder, progress) = await RunAsync(FailingFamily.Buggy.Id);

        report.ExitCode.Should().Be(2);
        var buggy = report.Scenarios.Single(s => s.ScenarioId == FailingFamily.Buggy.Id);
        var lines = buggy.Error!.Split(Environment.NewLine);
        lines[0].Should().StartWith("this is a bug in the harness: System.NullReferenceException: ");
        lines.Skip(1).Should().Contain(l => l.TrimStart().StartsWith($"at {typeof(FailingFamily).FullName}", StringComparison.Ordinal), "the stack trace follows");
        progress.Should().Contain(l => l.StartsWith("buggy: this is a bug in the harness: System.NullReferenceException: ", StringComparison.Ordinal));

        var audit = report.Scenarios.Single(s => s.ScenarioId == "audit");
        audit.Error.Should().BeNull();
        audit.Findings.Should().Contain(f => f.Rule.Id == "AUD001" && f.Subject.Contains("contractor_documents", StringComparison.Ordinal));

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "report.json"), Token));
        json.RootElement.GetProperty("exitCode").GetInt32().Should().Be(2);
        var written = json.RootElement.GetProperty("scenarios").EnumerateArray().Single(s => s.GetProperty("id").GetString() == FailingFamily.Buggy.Id);
        written.GetProperty("error").GetString().Should().StartWith("this is a bug in the harness: System.NullReferenceException: ").And.Contain("   at ");
        json.RootElement.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("ruleId").GetString()).Should().Contain("AUD001");
    }

    [Fact]
    public async Task A_family_that_throws_a_harness_failure_could_not_run_with_its_message_and_no_stack_trace()
    {
        var (report, folder, progress) = await RunAsync(FailingFamily.Refusing.Id);

        report.ExitCode.Should().Be(2);
        report.Scenarios.Single(s => s.ScenarioId == FailingFamily.Refusing.Id).Error.Should().Be(FailingFamily.RefusalReason);
        report.Scenarios.Single(s => s.ScenarioId == "audit").Findings.Should().Contain(f => f.Rule.Id == "AUD001");
        progress.Should().Contain($"refusing: could not run: {FailingFamily.RefusalReason}");
        File.Exists(Path.Combine(folder, "report.json")).Should().BeTrue();
    }

    /// <summary>Runs the audit and <paramref name="family"/> on the sample with RLS switched off on one table (an audit finding).</summary>
    private async Task<(RunReport Report, string Folder, IReadOnlyList<string> Progress)> RunAsync(string family)
    {
        var manifest = await FlawedSampleManifestAsync();
        var progress = new ProgressLines();
        var options = new RunOptions
        {
            ManifestPath = manifest,
            Tenants = 2,
            Scenarios = ["audit", family],
            Families = ScenarioRegistry.Default.Add(FailingFamily.Buggy).Add(FailingFamily.Refusing),
            ReportsRoot = Directory.CreateTempSubdirectory("harness-family-failure-").FullName,
        };

        var (report, folder) = await new RunPipeline(options, progress).RunAsync(new ExternalServerProvider(postgres.AdminConnectionString), Token);
        return (report, folder, [.. progress.All]);
    }

    /// <summary>The sample's manifest with its SQL migrations and the planted flaw rls-disabled as the last one.</summary>
    private static async Task<string> FlawedSampleManifestAsync()
    {
        var migrations = Directory.CreateTempSubdirectory("harness-family-failure-migrations-").FullName;
        foreach (var file in Directory.GetFiles(RepositoryPaths.SampleMigrations, "*.sql"))
        {
            File.Copy(file, Path.Combine(migrations, Path.GetFileName(file)));
        }

        File.Copy(RepositoryPaths.SampleFlaw("rls-disabled"), Path.Combine(migrations, "999_flaw.sql"));
        return await SqlFolderManifest.WriteAsync("sample-with-rls-disabled", "sample_app", migrations, Token);
    }

}
