using FluentAssertions;
using Harness.Findings;
using Harness.Ledger;
using Harness.Probing;
using Harness.Running;
using Harness.Scenarios.Rls;
using Harness.Tests.Infrastructure;
using Npgsql;

namespace Harness.Tests.Rls;

/// <summary>The RLS matrix on the sample target: silent on the clean schema, and each planted flaw it can see found.</summary>
public sealed class RlsMatrixSampleTests(PostgresFixture postgres)
{
    private const int Tenants = 4;

    /// <summary>For each planted flaw the matrix detects: the object at fault and every (rule, group) it must report, nothing else.</summary>
    private static readonly Dictionary<string, (string Object, (string Rule, string Subject)[] Groups)> Expected = new(StringComparer.Ordinal)
    {
        ["insert-check-true"] = ("sites", [
            ("RLS003", "sites INSERT other-tenant"), ("RLS004", "sites INSERT none"),
            ("RLS005", "sites INSERT unknown-tenant"), ("RLS004", "sites INSERT empty-string")]),
        ["fail-open-null-context"] = ("inductions", [
            ("RLS004", "inductions SELECT none"), ("RLS004", "inductions SELECT empty-string"),
            ("RLS004", "inductions DELETE none"), ("RLS004", "inductions DELETE empty-string")]),
        ["bypass-guc"] = ("sign_ins", [("RLS006", "sign_ins SELECT bypass app.bypass_rls")]),
        ["definer-rpc-no-filter"] = ("site_sign_ins(uuid)", [("RLS007", "site_sign_ins(uuid) EXECUTE other-tenant")]),
        ["missing-context-returns-all"] = ("contractor_documents", [
            ("RLS004", "contractor_documents SELECT none"), ("RLS004", "contractor_documents SELECT empty-string"),
            ("RLS004", "contractor_documents DELETE none"), ("RLS004", "contractor_documents DELETE empty-string")]),
        ["rls-disabled"] = ("contractor_documents", EveryDeniedGroup("contractor_documents")),
        ["rls-not-forced"] = ("exports", EveryDeniedGroup("exports")),
        ["weak-with-check"] = ("sign_ins", [
            ("RLS003", "sign_ins INSERT other-tenant"), ("RLS004", "sign_ins INSERT none"),
            ("RLS005", "sign_ins INSERT unknown-tenant"), ("RLS004", "sign_ins INSERT empty-string"),
            ("RLS002", "sign_ins UPDATE other-tenant")]),
        ["policy-ignores-tenant"] = ("users", [
            ("RLS001", "users SELECT other-tenant"), ("RLS004", "users SELECT none"),
            ("RLS005", "users SELECT unknown-tenant"), ("RLS004", "users SELECT empty-string"),
            ("RLS002", "users DELETE other-tenant"), ("RLS004", "users DELETE none"),
            ("RLS005", "users DELETE unknown-tenant"), ("RLS004", "users DELETE empty-string")]),
        ["definer-function"] = ("search_sites(text)", [("RLS007", "search_sites(text) EXECUTE other-tenant")]),
        ["no-policy"] = ("inductions", [
            ("RLS008", "inductions SELECT own"), ("RLS008", "inductions INSERT own"),
            ("RLS008", "inductions UPDATE own"), ("RLS008", "inductions DELETE own")]),
    };

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>The flaw files this class's theory covers; see <see cref="FlawCoverageTests"/>.</summary>
    public static IReadOnlyList<string> CoveredFlaws => [.. Expected.Keys];

    /// <summary>The flaws as theory data: flaw, main rule, main group, object.</summary>
    public static TheoryData<string, string, string> Flaws
    {
        get
        {
            var data = new TheoryData<string, string, string>();
            foreach (var (flaw, expected) in Expected.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                data.Add(flaw, expected.Groups[0].Rule, expected.Groups[0].Subject);
            }

            return data;
        }
    }

    [Fact]
    public async Task Clean_sample_passes_every_probe_and_probes_what_the_pair_plan_says()
    {
        var messages = new List<string>();
        var sample = await MatrixSample.CreateAsync(postgres, tenants: Tenants, progress: new ListProgress(messages), cancellationToken: Token);

        var result = await sample.RunAsync(Token);

        result.ScenarioId.Should().Be("rls");
        result.Findings.Select(f => $"{f.Rule.Id} {f.Message}\n{f.Evidence}").Should().BeEmpty();
        var pairs = PairPlan.For(Tenants, sample.Ledger.Seed);
        pairs.Should().HaveCount(Tenants * (Tenants - 1));
        var tables = sample.Sample.Model.TenantTables.Select(t => t.Value).ToList();
        tables.Should().HaveCount(9);
        var switches = BypassSwitches.For(sample.Sample.Catalog, sample.Sample.Model, sample.Sample.Model.TenantTables);
        var expected = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            foreach (var operation in new[] { "SELECT", "INSERT", "UPDATE", "DELETE" })
            {
                expected[$"{table} {operation} own"] = Tenants;
                expected[$"{table} {operation} other-tenant"] = operation == "UPDATE" ? 2 * pairs.Count : pairs.Count;
                foreach (var context in new[] { "none", "unknown-tenant", "empty-string" })
                {
                    expected[$"{table} {operation} {context}"] = operation == "SELECT" ? 1 : Tenants;
                }
            }

            foreach (var bypass in switches)
            {
                expected[$"{table} SELECT bypass {bypass.Setting}"] = bypass.Values.Count * 2;
            }
        }

        expected["search_sites(text) EXECUTE other-tenant"] = pairs.Sum(p => 2 + Math.Min(6, sample.Ledger.Tenants[p.Victim].Canaries.Count));
        result.Checks.ToDictionary(c => c.Subject, c => c.Probes).Should().BeEquivalentTo(expected);
        result.Probes.Should().Be(expected.Values.Sum());
        result.Checks.Should().OnlyContain(c => c.Passed);
        messages.Should().Contain(m => m.Contains($"all {pairs.Count} ordered pairs of {Tenants} tenants", StringComparison.Ordinal)
            && m.Contains($"{result.Probes} probes", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Each_group_reports_under_the_rule_of_its_operation_and_context()
    {
        var sample = await MatrixSample.CreateAsync(postgres, tenants: 3, cancellationToken: Token);

        var result = await sample.RunAsync(Token);

        foreach (var check in result.Checks)
        {
            var parts = check.Subject.Split(' ');
            var expected = parts[1] == "EXECUTE" ? RlsRules.FunctionLeak
                : parts[2] == "bypass" ? RlsRules.BypassSetting
                : MatrixNames.RuleFor(Enum.Parse<Operation>(parts[1], ignoreCase: true), MatrixNames.Contexts.Single(c => MatrixNames.Of(c) == parts[2]));
            check.Rule.Should().Be(expected, check.Subject);
        }

        new RlsMatrix().Rules.Select(r => (r.Id, r.Severity)).Should().Equal(
            ("RLS001", Severity.Critical), ("RLS002", Severity.Critical), ("RLS003", Severity.Critical), ("RLS004", Severity.High),
            ("RLS005", Severity.High), ("RLS006", Severity.Critical), ("RLS007", Severity.Critical), ("RLS008", Severity.Medium));
    }

    [Theory]
    [MemberData(nameof(Flaws))]
    public async Task Planted_flaw_is_found_naming_table_operation_context_and_tenants(string flaw, string rule, string subject)
    {
        var sample = await MatrixSample.CreateAsync(postgres, flaw, Tenants, cancellationToken: Token);

        var result = await sample.RunAsync(Token);

        var (target, groups) = Expected[flaw];
        result.Checks.Should().Contain(c => c.Rule.Id == rule && c.Subject == subject && !c.Passed);
        result.Checks.Where(c => !c.Passed).Select(c => (c.Rule.Id, c.Subject)).Should().BeEquivalentTo(groups);
        foreach (var finding in result.Findings)
        {
            finding.Scenario.Should().Be("rls");
            finding.Subject.Should().StartWith(target);
            finding.Message.Should().Contain(finding.Subject);
            TenantsNamedIn(finding.Message, sample.Ledger).Should().NotBeEmpty("a finding names the tenants involved: {0}", finding.Message);
            if (finding.Subject.EndsWith("other-tenant", StringComparison.Ordinal) || finding.Subject.Contains(" bypass ", StringComparison.Ordinal))
            {
                TenantsNamedIn(finding.Message, sample.Ledger).Should().HaveCountGreaterThanOrEqualTo(2, "attacker and victim: {0}", finding.Message);
            }

            finding.Evidence.Should().NotBeNullOrWhiteSpace();
            finding.Reproduction.Should().StartWith("-- as the app role sample_app").And.Contain("BEGIN;").And.EndWith("ROLLBACK;");
        }
    }

    [Fact]
    public async Task Probes_never_change_data_even_when_rls_lets_every_write_through()
    {
        var sample = await MatrixSample.CreateAsync(postgres, "rls-disabled", Tenants, cancellationToken: Token);
        var before = await ChecksumsAsync(sample);

        var result = await sample.RunAsync(Token);

        result.Findings.Should().Contain(f => f.Subject == "contractor_documents DELETE other-tenant", "writes were admitted and then rolled back");
        (await ChecksumsAsync(sample)).Should().Equal(before);
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_probes_and_findings()
    {
        var first = await MatrixSample.CreateAsync(postgres, "insert-check-true", 3, cancellationToken: Token);
        var again = await MatrixSample.CreateAsync(postgres, "insert-check-true", 3, cancellationToken: Token);

        var one = await first.RunAsync(Token);
        var two = await again.RunAsync(Token);

        two.Checks.Select(c => (c.Subject, c.Probes, c.Findings.Count)).Should().Equal(one.Checks.Select(c => (c.Subject, c.Probes, c.Findings.Count)));
        two.Findings.Select(f => f.Message).Should().Equal(one.Findings.Select(f => f.Message));
    }

    private static List<SeededTenant> TenantsNamedIn(string message, SeedLedger ledger) =>
        [.. ledger.Tenants.Where(t => message.Contains(t.TenantId, StringComparison.Ordinal) && message.Contains(t.Name, StringComparison.Ordinal))];

    private static (string Rule, string Subject)[] EveryDeniedGroup(string table) =>
    [
        .. MatrixNames.Operations.SelectMany(o => new[] { TenantContext.OtherTenant, TenantContext.None, TenantContext.UnknownTenant, TenantContext.EmptyString }
            .Select(c => (MatrixNames.RuleFor(o, c).Id, MatrixNames.Subject(table, o, c)))),
    ];

    /// <summary>As the admin: every table's row count and an order-independent checksum of its rows.</summary>
    private static async Task<List<string>> ChecksumsAsync(MatrixSample sample)
    {
        var sums = new List<string>();
        await using var connection = new NpgsqlConnection(sample.Sample.ConnectionString);
        await connection.OpenAsync(Token);
        foreach (var table in sample.Sample.Catalog.Tables)
        {
            await using var command = new NpgsqlCommand(
                $"SELECT count(*) || ' rows, md5 ' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '-') FROM {table.Name.Quoted} AS t", connection);
            sums.Add($"{table.Name}: {await command.ExecuteScalarAsync(Token)}");
        }

        return sums;
    }

    internal sealed class ListProgress(List<string> messages) : IProgress<string>
    {
        public void Report(string value)
        {
            lock (messages)
            {
                messages.Add(value);
            }
        }
    }
}
