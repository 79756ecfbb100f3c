using FluentAssertions;
using Harness.Findings;
using Harness.Scenarios.Audit;
using Harness.Tests.Infrastructure;
using Npgsql;
using Xunit;

namespace Harness.Tests.Audit;

/// <summary>The catalog audit on the sample target: silent on the clean schema, and each planted flaw found by its rule.</summary>
public sealed class CatalogAuditSampleTests(PostgresFixture fixture)
{
    /// <summary>
    /// Alters the cluster-wide role sample_app, which every test shares, so it is never applied here;
    /// AUD009 is tested with a role of the test's own instead.
    /// </summary>
    private const string RoleFlaw = "app-role-bypassrls";

    /// <summary>For each planted flaw: every (rule, subject) the audit must report, and nothing else.</summary>
    private static readonly Dictionary<string, (string Rule, string Subject)[]> Expected = new(StringComparer.Ordinal)
    {
        ["rls-disabled"] = [("AUD001", "contractor_documents")],
        ["rls-not-forced"] = [("AUD002", "exports"), ("AUD003", "exports")],
        ["weak-with-check"] = [("AUD005", "tenant_isolation on sign_ins")],
        ["definer-function"] = [("AUD007", "search_sites(text)")],
        ["view-without-invoker"] = [("AUD008", "site_activity")],
        ["fk-without-tenant-key"] = [("AUD012", "inductions_site_fkey on inductions")],
        ["no-policy"] = [("AUD004", "inductions")],
        ["policy-ignores-tenant"] = [("AUD006", "tenant_isolation on users")],
        ["missing-tenant-column"] = [("AUD010", "site_notes")],
        ["nullable-tenant-key"] = [("AUD011", "sign_ins.company_id")],
        ["no-tenant-index"] = [("AUD013", "contractor_documents")],
        ["index-not-leading"] = [("AUD014", "sign_ins_site_time on sign_ins")],
        ["insert-check-true"] = [("AUD005", "sites_insert on sites")],
        ["definer-rpc-no-filter"] = [("AUD007", "site_sign_ins(uuid)")],
        ["truncate-granted"] = [("AUD015", "sign_ins")],
        ["trigger-references-public"] = [("AUD016", "contractor_documents")],
        ["unique-without-tenant"] = [("AUD017", "users_email_key on users")],
        ["owner-login-not-forced"] = [("AUD018", "exports")],
        ["bypass-guc"] = [("AUD019", "tenant_isolation on sign_ins")],
        ["partition-without-rls"] = [("AUD020", "site_visits_p1")],
        ["matview-readable"] = [("AUD021", "site_sign_in_totals")],
        ["default-privileges-public"] = [("AUD022", "default privileges on tables to PUBLIC")],
    };

    /// <summary>The flaw files this class covers (the theory's, and the role flaw); see <see cref="FlawCoverageTests"/>.</summary>
    public static IReadOnlyList<string> CoveredFlaws => [.. Expected.Keys.Append(RoleFlaw)];

    public static TheoryData<string> Flaws => [.. Expected.Keys.Order(StringComparer.Ordinal)];

    [Fact]
    public async Task Clean_sample_has_no_finding_and_every_rule_checks_something()
    {
        var sample = await AuditedSample.CreateAsync(fixture, cancellationToken: TestContext.Current.CancellationToken);

        sample.Result.ScenarioId.Should().Be("audit");
        sample.Result.Findings.Should().BeEmpty();
        sample.Result.Checks.Select(c => c.Rule.Id).Distinct()
            .Should().BeEquivalentTo(AuditRules.All.Select(r => r.Rule.Id), "every rule must examine at least one subject of the sample");
    }

    [Theory]
    [MemberData(nameof(Flaws))]
    public async Task Planted_flaw_is_found_by_its_rule(string flaw)
    {
        var sample = await AuditedSample.CreateAsync(fixture, flaw, cancellationToken: TestContext.Current.CancellationToken);

        var findings = sample.Result.Findings.ToList();
        findings.Select(f => (f.Rule.Id, f.Subject)).Should().BeEquivalentTo(Expected[flaw]);
        foreach (var finding in findings)
        {
            finding.Scenario.Should().Be("audit");
            finding.Message.Should().Contain(finding.Subject);
            finding.Evidence.Should().NotBeNullOrWhiteSpace();
            finding.Reproduction.Should().NotBeNullOrWhiteSpace();
        }

        // The failing check is reported as a failed check on the same subject, next to the passing ones.
        foreach (var (rule, subject) in Expected[flaw])
        {
            sample.Result.Checks.Should().ContainSingle(c => c.Rule.Id == rule && c.Subject == subject)
                .Which.Passed.Should().BeFalse();
        }
    }

    [Fact]
    public async Task Role_flaw_file_makes_the_app_role_bypass_rls()
    {
        var sql = await File.ReadAllTextAsync(AuditedSample.FlawFile(RoleFlaw), TestContext.Current.CancellationToken);

        sql.Should().MatchRegex(@"(?i)ALTER\s+ROLE\s+sample_app\s+BYPASSRLS");
    }

    [Fact]
    public async Task App_role_with_bypassrls_is_critical()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var role = $"audit_bypass_{Guid.NewGuid():N}"[..30];
        await ExecuteAsync($"CREATE ROLE \"{role}\" NOLOGIN NOSUPERUSER BYPASSRLS", cancellationToken);
        try
        {
            var sample = await AuditedSample.CreateAsync(fixture, appRole: role, cancellationToken: cancellationToken);

            var finding = sample.Result.Findings.Should().ContainSingle().Subject;
            finding.Rule.Id.Should().Be("AUD009");
            finding.Severity.Should().Be(Severity.Critical);
            finding.Subject.Should().Be(role);
            finding.Message.Should().Contain(role).And.Contain("BYPASSRLS");
            finding.Evidence.Should().Contain("rolbypassrls = true");
        }
        finally
        {
            await ExecuteAsync($"DROP ROLE IF EXISTS \"{role}\"", cancellationToken);
        }
    }

    [Fact]
    public async Task Missing_app_role_is_reported_as_missing()
    {
        var role = $"audit_missing_{Guid.NewGuid():N}"[..30];

        var sample = await AuditedSample.CreateAsync(fixture, appRole: role, cancellationToken: TestContext.Current.CancellationToken);

        var finding = sample.Result.Findings.Should().ContainSingle().Subject;
        finding.Rule.Id.Should().Be("AUD009");
        finding.Subject.Should().Be(role);
        finding.Message.Should().Contain(role).And.Contain("does not exist");
    }

    [Fact]
    public async Task View_over_a_view_is_followed_to_tenant_tables_and_every_security_invoker_spelling_counts()
    {
        const string sql = """
            ALTER VIEW site_activity SET (security_invoker = yes);
            CREATE VIEW company_activity AS
                SELECT company_id, sum(sign_in_count) AS sign_ins FROM site_activity GROUP BY company_id;
            GRANT SELECT ON company_activity TO sample_app;
            """;

        var sample = await AuditedSample.CreateAsync(fixture, extraSql: sql, cancellationToken: TestContext.Current.CancellationToken);

        sample.Catalog.Views.Single(v => v.Name.Value == "site_activity").SecurityInvoker.Should().BeTrue();
        sample.Catalog.Views.Single(v => v.Name.Value == "company_activity").DependsOn.Select(t => t.Value)
            .Should().BeEquivalentTo("sites", "sign_ins");
        sample.Result.Findings.Select(f => (f.Rule.Id, f.Subject)).Should().BeEquivalentTo([("AUD008", "company_activity")]);
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(fixture.AdminConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
