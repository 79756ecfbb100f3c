using System.Xml.Linq;
using FluentAssertions;
using Harness.Migrations;
using Harness.Tests.Infrastructure;
using Npgsql;

namespace Harness.Tests.Cli;

/// <summary>
/// --rules and --skip-rules as users run them, on a schema with two planted flaws of two rules (AUD002: RLS not forced on
/// a table the app role owns; AUD013: no index leads with the tenant key): only the chosen rule is reported.
/// </summary>
public sealed class RuleFilterCliTests(PostgresFixture postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Rules_reports_only_the_chosen_rule_and_lists_the_other_checks_as_skipped()
    {
        var (result, reports) = await AuditTwoFlawsAsync("--rules", "AUD002");

        result.ExitCode.Should().Be(1, result.ToString());
        result.Stdout.Should().Contain(" AUD002 exports: ").And.NotContain(" AUD013 ").And.Contain("result: FAIL: 1 finding(s)");
        var junit = XDocument.Load(Path.Combine(Directory.GetDirectories(reports).Single(), "junit.xml"));
        junit.Descendants("failure").Should().OnlyContain(f => ((string)f.Attribute("type")!).StartsWith("AUD002", StringComparison.Ordinal));
        junit.Descendants("testcase").Where(c => ((string)c.Attribute("classname")!).EndsWith("AUD013", StringComparison.Ordinal))
            .Should().NotBeEmpty().And.OnlyContain(c => c.Element("skipped") != null, "a skipped rule's checks are skipped, not passed");
    }

    [Fact]
    public async Task Skip_rules_reports_every_rule_but_the_skipped_one()
    {
        var (result, _) = await AuditTwoFlawsAsync("--skip-rules", "AUD002");

        result.ExitCode.Should().Be(1, result.ToString());
        result.Stdout.Should().Contain(" AUD013 contractor_documents").And.NotContain(" AUD002 ");
    }

    [Fact]
    public async Task A_filter_that_leaves_no_check_is_incomplete()
    {
        var (result, _) = await AuditTwoFlawsAsync("--skip-rules", "AUD*");

        result.ExitCode.Should().Be(2, result.ToString());
        result.Stdout.Should().Contain("result: INCOMPLETE: the rule filter left none of the");
    }

    [Theory]
    [InlineData("audit", "--rules", "AUD02", "error: --rules: no rule of the scenarios that run is 'AUD02'; did you mean AUD002, AUD012")]
    [InlineData("run", "--skip-rules", "RLS999", "error: --skip-rules: no rule of the scenarios that run is 'RLS999'")]
    public async Task An_unknown_rule_exits_2_with_close_matches_before_any_work(string command, string option, string pattern, string stderr)
    {
        var arguments = command == "audit"
            ? new[] { "audit", "--db", postgres.AdminConnectionString, "--manifest", RepositoryPaths.SampleManifest, option, pattern }
            : ["run", "--manifest", RepositoryPaths.SampleManifest, "--postgres", postgres.AdminConnectionString, "--scenarios", "audit", option, pattern];

        var result = await CliProcess.HarnessAsync(arguments, cancellationToken: Token);

        result.ExitCode.Should().Be(2, result.ToString());
        result.Stderr.Should().StartWith(stderr);
        result.Stdout.Should().NotContain("seeded", "the filter is checked before anything is provisioned");
    }

    private async Task<(CliProcess.Result Result, string Reports)> AuditTwoFlawsAsync(params string[] filter)
    {
        var sample = await SampleSchema.CreateAsync(postgres, "rulefilter", "rls-not-forced", Token);
        await using (var connection = new NpgsqlConnection(sample.ConnectionString))
        {
            await connection.OpenAsync(Token);
            await SqlFolderMigrator.ApplyFileAsync(connection, RepositoryPaths.SampleFlaw("no-tenant-index"), Token);
        }

        var reports = Directory.CreateTempSubdirectory("harness-reports-").FullName;
        var result = await CliProcess.HarnessAsync(
            ["audit", "--db", postgres.AdminConnectionString, "--schema", sample.Schema, "--manifest", RepositoryPaths.SampleManifest, "--reports", reports, .. filter],
            cancellationToken: Token);
        return (result, reports);
    }
}
