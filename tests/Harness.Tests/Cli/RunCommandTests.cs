using System.Xml.Linq;
using FluentAssertions;
using Harness.Tests.Infrastructure;
using Harness.Tests.Workers;

namespace Harness.Tests.Cli;

/// <summary>The gate as users run it: the real CLI process against the sample, on the test server (as an existing server).</summary>
public sealed class RunCommandTests(PostgresFixture postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>Every planted flaw the CLI can switch on here, with the rule and the object the finding must name.</summary>
    public static TheoryData<string, string, string> Flaws => new()
    {
        { "rls-disabled", "AUD001", "contractor_documents" },
        { "rls-not-forced", "AUD002", "exports" },
        { "no-policy", "AUD004", "inductions" },
        { "weak-with-check", "AUD005", "tenant_isolation on sign_ins" },
        { "policy-ignores-tenant", "AUD006", "tenant_isolation on users" },
        { "definer-function", "AUD007", "search_sites(text)" },
        { "view-without-invoker", "AUD008", "site_activity" },
        { "missing-tenant-column", "AUD010", "site_notes" },
        { "nullable-tenant-key", "AUD011", "sign_ins.company_id" },
        { "fk-without-tenant-key", "AUD012", "inductions_site_fkey on inductions" },
        { "no-tenant-index", "AUD013", "contractor_documents" },
        { "index-not-leading", "AUD014", "sign_ins_site_time on sign_ins" },
    };

    [Fact]
    public async Task The_clean_sample_passes_with_exit_0_writes_the_reports_and_leaves_no_schema_behind()
    {
        var reports = Directory.CreateTempSubdirectory("harness-reports-").FullName;

        // Every family but quota, whose waits for the sample's rate-limit windows take minutes; the xunit gate runs all of them.
        var result = await RunSampleAsync(reports, flaw: null, "audit,rls,idor,survival");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Stdout.Should().Contain("result: PASS").And.Contain($"reports: {reports}");
        var folder = Directory.GetDirectories(reports).Should().ContainSingle().Subject;
        Directory.GetFiles(folder).Select(Path.GetFileName).Should().BeEquivalentTo(
            [.. Harness.Reporting.ReportSet.FileNames(withLedger: true), "survival-diff.json"], "the sample's manifest has a survival section, whose diff is a file of its own");
        var junit = XDocument.Load(Path.Combine(folder, "junit.xml"));
        junit.Descendants("testcase").Should().HaveCountGreaterThan(50);
        junit.Descendants("failure").Should().BeEmpty();
        var runId = Path.GetFileName(folder).Split('-')[^1];
        (await WorkerSchemaTests.ScalarAsync(postgres.AdminConnectionString, $"SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'h\\_{runId}\\_%'"))
            .Should().Be(0, "a run on an existing server drops the schemas it created");
    }

    [Theory]
    [MemberData(nameof(Flaws))]
    public async Task Each_planted_flaw_fails_the_gate_with_exit_1_naming_its_rule_and_object(string flaw, string rule, string subject)
    {
        var reports = Directory.CreateTempSubdirectory("harness-reports-").FullName;

        var result = await RunSampleAsync(reports, flaw, "audit");

        result.ExitCode.Should().Be(1, result.ToString());
        result.Stdout.Should().Contain($" {rule} {subject}: ").And.Contain("result: FAIL");
        var junit = XDocument.Load(Path.Combine(Directory.GetDirectories(reports).Single(), "junit.xml"));
        junit.Descendants("failure").Should().Contain(f => ((string)f.Attribute("type")!).StartsWith(rule, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_bad_manifest_exits_2_with_file_line_and_column_and_no_stack_trace()
    {
        var manifest = Path.Combine(Directory.CreateTempSubdirectory("harness-manifest-").FullName, "harness.yaml");
        await File.WriteAllTextAsync(manifest, "version: 1\ntenancy:\n  key: company_id\n  roots: companies\n", Token);

        var result = await CliProcess.HarnessAsync(["run", "--manifest", manifest, "--postgres", postgres.AdminConnectionString], cancellationToken: Token);

        result.ExitCode.Should().Be(2, result.ToString());
        result.Stderr.Should().StartWith($"error: {manifest}:4:3: unknown key 'tenancy.roots'; valid keys here are: key, root, rootKey, membership, global, context");
        result.Stderr.Should().NotContain("   at ", "stack traces only with --diagnostics");
    }

    [Fact]
    public async Task An_invalid_postgres_value_exits_2_and_lists_the_valid_ones()
    {
        var result = await CliProcess.HarnessAsync(["run", "--manifest", RepositoryPaths.SampleManifest, "--postgres", "docker-please"], cancellationToken: Token);

        result.ExitCode.Should().Be(2, result.ToString());
        result.Stderr.Should().StartWith("error: ").And.Contain("auto, local, testcontainers, or a connection string");
    }

    [Fact]
    public async Task A_failing_migration_exits_2_with_the_commands_output()
    {
        var result = await RunSampleAsync(Directory.CreateTempSubdirectory("harness-reports-").FullName, "no-such-flaw", "audit");

        result.ExitCode.Should().Be(2, result.ToString());
        result.Stderr.Should().Contain("exited with code 3").And.Contain("unknown SAMPLE_FLAW 'no-such-flaw'; known flaws:");
    }

    private Task<CliProcess.Result> RunSampleAsync(string reports, string? flaw, string scenarios = "all") =>
        CliProcess.HarnessAsync(
            ["run", "--manifest", RepositoryPaths.SampleManifest, "--postgres", postgres.AdminConnectionString, "--tenants", "12",
             "--scenarios", scenarios, "--reports", reports],
            flaw is null ? null : new Dictionary<string, string> { ["SAMPLE_FLAW"] = flaw },
            Token);
}
