using FluentAssertions;
using Harness.Catalog;
using Harness.Findings;
using Harness.Model;
using Harness.Running;
using Harness.Scenarios.Audit;
using Xunit;

namespace Harness.Tests.Audit;

/// <summary>The audit rules on hand-built catalog snapshots: the cases the sample's planted flaws do not cover.</summary>
public sealed class CatalogAuditRuleTests
{
    private const string AppRole = "app";
    private const string TenantCheck = "(company_id = (NULLIF(current_setting('app.company_id'::text, true), ''::text))::uuid)";
    private const string RootCheck = "(id = (NULLIF(current_setting('app.company_id'::text, true), ''::text))::uuid)";

    private static readonly TableName Companies = new("companies");
    private static readonly TableName Documents = new("documents");
    private static readonly TableName Sites = new("sites");
    private static readonly TableName Industries = new("industries");

    [Fact]
    public void Rules_have_stable_ids_titles_severities_and_remediations()
    {
        AuditRules.All.Select(r => (r.Rule.Id, r.Rule.Severity)).Should().Equal(
            ("AUD001", Severity.Critical),
            ("AUD002", Severity.Critical),
            ("AUD003", Severity.High),
            ("AUD004", Severity.Medium),
            ("AUD005", Severity.High),
            ("AUD006", Severity.High),
            ("AUD007", Severity.Medium),
            ("AUD008", Severity.High),
            ("AUD009", Severity.Critical),
            ("AUD010", Severity.High),
            ("AUD011", Severity.High),
            ("AUD012", Severity.High),
            ("AUD013", Severity.Medium),
            ("AUD014", Severity.Low),
            ("AUD015", Severity.High),
            ("AUD016", Severity.Medium),
            ("AUD017", Severity.Medium),
            ("AUD018", Severity.High),
            ("AUD019", Severity.High),
            ("AUD020", Severity.Critical),
            ("AUD021", Severity.High),
            ("AUD022", Severity.Medium),
            ("AUD023", Severity.Info),
            ("AUD024", Severity.Medium));
        AuditRules.All.Should().OnlyContain(r => r.Rule.Title.Length > 0 && r.Rule.Remediation.Contains(';', StringComparison.Ordinal));
        new CatalogAudit().Rules.Should().Equal(AuditRules.All.Select(r => r.Rule));
        new CatalogAudit().Id.Should().Be("audit");
    }

    [Fact]
    public void Hand_built_clean_snapshot_has_no_finding()
    {
        Audit(Snapshot()).Findings.Should().BeEmpty();
    }

    [Theory]
    [InlineData(true, false, "is a superuser")]
    [InlineData(false, true, "has BYPASSRLS")]
    [InlineData(true, true, "is a superuser and has BYPASSRLS")]
    public void App_role_that_bypasses_rls_is_critical(bool superuser, bool bypassRls, string expected)
    {
        var result = Audit(Snapshot() with { AppRole = new RoleInfo(AppRole, superuser, bypassRls, CanLogin: true) });

        var finding = result.Findings.Should().ContainSingle().Subject;
        finding.Rule.Id.Should().Be("AUD009");
        finding.Severity.Should().Be(Severity.Critical);
        finding.Subject.Should().Be(AppRole);
        finding.Message.Should().Contain($"App role {AppRole} {expected}");
    }

    [Fact]
    public void Missing_app_role_says_it_does_not_exist()
    {
        var finding = Audit(Snapshot() with { AppRole = null }).Findings.Should().ContainSingle().Subject;

        finding.Rule.Id.Should().Be("AUD009");
        finding.Message.Should().Contain($"App role {AppRole} does not exist");
    }

    [Fact]
    public void Catalog_read_for_another_role_is_refused()
    {
        var act = () => CatalogAudit.Run(Model(), Snapshot() with { AppRole = new RoleInfo("someone_else", false, false, true) });

        act.Should().Throw<ArgumentException>().WithMessage("*someone_else*app*");
    }

    [Fact]
    public void Insert_policy_without_with_check_admits_no_rows_so_it_is_not_a_leak()
    {
        // PostgreSQL adds no check from a policy without an expression: such an INSERT policy denies every insert.
        var result = Audit(Snapshot(documentPolicies: [Policy("ALL", TenantCheck, TenantCheck), Policy("INSERT", null, null, name: "ins")]));

        result.Findings.Should().BeEmpty();
        result.Checks.Should().Contain(c => c.Rule.Id == "AUD005" && c.Subject == "ins on documents" && c.Passed);
    }

    [Fact]
    public void All_policy_without_with_check_is_checked_by_its_using()
    {
        Audit(Snapshot(documentPolicies: [Policy("ALL", TenantCheck, null)])).Findings.Should().BeEmpty();

        var weak = Audit(Snapshot(documentPolicies: [Policy("ALL", "true", null)]));
        weak.Findings.Select(f => f.Rule.Id).Should().BeEquivalentTo("AUD005", "AUD006");
        weak.Findings.Single(f => f.Rule.Id == "AUD005").Message.Should().Contain("has no WITH CHECK").And.Contain("is literally true");
    }

    [Fact]
    public void Insert_policy_with_weak_with_check_is_found()
    {
        var result = Audit(Snapshot(documentPolicies: [Policy("SELECT", TenantCheck, null), Policy("INSERT", null, "true", name: "ins")]));

        var finding = result.Findings.Should().ContainSingle().Subject;
        finding.Rule.Id.Should().Be("AUD005");
        finding.Subject.Should().Be("ins on documents");
    }

    [Fact]
    public void With_check_that_ignores_the_context_setting_is_found()
    {
        var result = Audit(Snapshot(documentPolicies: [Policy("ALL", TenantCheck, "(company_id IS NOT NULL)")]));

        var finding = result.Findings.Should().ContainSingle().Subject;
        finding.Rule.Id.Should().Be("AUD005");
        finding.Message.Should().Contain("does not reference the context setting app.company_id");
    }

    [Fact]
    public void The_setting_name_alone_does_not_count_as_the_tenant_column()
    {
        const string settingOnly = "(current_setting('app.company_id'::text, true) IS NOT NULL)";
        var result = Audit(Snapshot(documentPolicies: [Policy("ALL", settingOnly, TenantCheck)]));

        var finding = result.Findings.Should().ContainSingle().Subject;
        finding.Rule.Id.Should().Be("AUD006");
        finding.Subject.Should().Be("tenant_isolation on documents");
        finding.Message.Should().Contain("does not reference the tenant column company_id");
    }

    [Fact]
    public void A_function_that_reads_the_context_setting_counts()
    {
        var currentCompany = Function("current_company", "SELECT nullif(current_setting('app.company_id', true), '')::uuid");
        const string viaFunction = "(company_id = current_company())";

        var result = Audit(Snapshot(documentPolicies: [Policy("ALL", viaFunction, viaFunction)], functions: [currentCompany]));

        result.Findings.Should().BeEmpty();
    }

    [Fact]
    public void A_restrictive_tenant_policy_confines_a_permissive_true_policy()
    {
        PolicyInfo[] policies = [Policy("ALL", "true", "true", name: "open"), Policy("ALL", TenantCheck, TenantCheck, permissive: false, name: "tenant")];

        Audit(Snapshot(documentPolicies: policies)).Findings.Should().BeEmpty();
    }

    [Fact]
    public void A_restrictive_policy_for_another_role_does_not_confine_the_app()
    {
        PolicyInfo[] policies =
        [
            Policy("ALL", "true", "true", name: "open"),
            Policy("ALL", TenantCheck, TenantCheck, permissive: false, name: "tenant", roles: ["reporting"]),
        ];

        Audit(Snapshot(documentPolicies: policies)).Findings.Select(f => (f.Rule.Id, f.Subject))
            .Should().BeEquivalentTo([("AUD005", "open on documents"), ("AUD006", "open on documents")]);
    }

    [Fact]
    public void Only_restrictive_policies_count_as_no_policy()
    {
        var finding = Audit(Snapshot(documentPolicies: [Policy("ALL", TenantCheck, TenantCheck, permissive: false)]))
            .Findings.Should().ContainSingle().Subject;

        finding.Rule.Id.Should().Be("AUD004");
        finding.Subject.Should().Be("documents");
    }

    [Fact]
    public void Foreign_key_must_map_the_tenant_key_onto_the_referenced_tenant_column()
    {
        ForeignKeyInfo[] keys =
        [
            new("documents_company_fkey", ["company_id"], Companies, ["id"]),
            new("documents_site_fkey", ["company_id", "site_id"], Sites, ["company_id", "id"]),
            new("documents_swapped_fkey", ["site_id", "company_id"], Sites, ["company_id", "id"]),
            new("documents_industry_fkey", ["industry_id"], Industries, ["id"]),
        ];

        var result = Audit(Snapshot(documentKeys: keys));

        result.Findings.Select(f => (f.Rule.Id, f.Subject)).Should().BeEquivalentTo([("AUD012", "documents_swapped_fkey on documents")]);
        result.Checks.Where(c => c.Rule.Id == "AUD012").Select(c => c.Subject).Should().BeEquivalentTo(
            "documents_company_fkey on documents", "documents_site_fkey on documents", "documents_swapped_fkey on documents",
            "sites_company_fkey on sites");
    }

    [Fact]
    public void Security_definer_function_is_found_through_a_view_it_reads()
    {
        var view = new ViewInfo(new TableName("document_list"), "postgres", SecurityInvoker: true, [Documents], AppRoleCanSelect: true);
        var definer = Function("list_documents", "SELECT * FROM document_list", securityDefiner: true);
        var notCallable = Function("purge_documents", "DELETE FROM documents", securityDefiner: true, appCanExecute: false);

        var result = Audit(Snapshot(functions: [definer, notCallable], views: [view]));

        var finding = result.Findings.Should().ContainSingle().Subject;
        finding.Rule.Id.Should().Be("AUD007");
        finding.Subject.Should().Be("list_documents()");
        finding.Message.Should().Contain("documents");
    }

    [Fact]
    public void Globals_are_skipped_and_the_root_needs_only_its_key()
    {
        var result = Audit(Snapshot());

        result.Checks.Should().NotContain(c => c.Subject.StartsWith("industries", StringComparison.Ordinal));
        result.Checks.Where(c => c.Rule.Id is "AUD013" or "AUD014").Should().NotContain(c => c.Subject.Contains("companies", StringComparison.Ordinal));
        result.Checks.Should().Contain(c => c.Rule.Id == "AUD011" && c.Subject == "companies.id");
    }

    [Fact]
    public void A_table_missing_the_tenant_column_is_reported_when_several_tables_are_global()
    {
        // Regression: the evidence sorted TableName values, which are not comparable, and the audit crashed.
        var notes = Table(new TableName("notes"), ["id", "body"], [], [], []);
        var catalog = Snapshot() is var snapshot ? snapshot with { Tables = [.. snapshot.Tables, notes, Table(new TableName("plans"), ["id"], [], [], [])] } : null!;
        var model = Model() with { GlobalTables = new HashSet<TableName> { Industries, new("plans") } };

        var result = CatalogAudit.Run(model, catalog, null, TestContext.Current.CancellationToken);

        var finding = result.Findings.Should().ContainSingle(f => f.Rule.Id == "AUD010").Subject;
        finding.Subject.Should().Be("notes");
        finding.Evidence.Should().EndWith("global tables: industries, plans");
    }

    [Fact]
    public void A_migration_tools_history_table_without_the_tenant_column_is_not_unscoped_data_but_a_like_named_table_is()
    {
        var catalog = Snapshot() is var snapshot
            ? snapshot with { Tables = [.. snapshot.Tables, Table(new TableName("schema_migrations"), ["version"], [], [], []), Table(new TableName("schema_versions"), ["version"], [], [], [])] }
            : null!;

        var result = Audit(catalog);

        result.Checks.Should().ContainSingle(c => c.Rule.Id == "AUD010" && c.Subject == "schema_migrations").Which.Passed.Should().BeTrue();
        result.Findings.Should().ContainSingle(f => f.Rule.Id == "AUD010").Which.Subject.Should().Be("schema_versions");
    }

    private static ScenarioResult Audit(CatalogSnapshot catalog) => CatalogAudit.Run(Model(), catalog);

    private static TenancyModel Model() => new()
    {
        TenantKey = "company_id",
        Root = Companies,
        ContextSetting = "app.company_id",
        AppRole = AppRole,
        GlobalTables = new HashSet<TableName> { Industries },
        TenantTables = [Companies, Sites, Documents],
    };

    /// <summary>companies (root), sites and documents (tenant), industries (global); all clean unless a part is given.</summary>
    private static CatalogSnapshot Snapshot(
        PolicyInfo[]? documentPolicies = null, ForeignKeyInfo[]? documentKeys = null, FunctionInfo[]? functions = null, ViewInfo[]? views = null) =>
        new(
            "s",
            [
                Table(Companies, ["id", "name"], [Policy("ALL", RootCheck, RootCheck)], [],
                    [new IndexInfo("companies_pkey", ["id"], true, true), new IndexInfo("companies_name", ["name"], false, false)]),
                Table(Documents, ["company_id", "id", "site_id", "industry_id"], documentPolicies ?? [Policy("ALL", TenantCheck, TenantCheck)],
                    documentKeys ?? [], TenantIndexes("documents")),
                Table(Sites, ["company_id", "id"], [Policy("ALL", TenantCheck, TenantCheck)],
                    [new("sites_company_fkey", ["company_id"], Companies, ["id"])], TenantIndexes("sites")),
                Table(Industries, ["id", "name"], [], [], []),
            ],
            functions ?? [],
            views ?? [],
            new RoleInfo(AppRole, Superuser: false, BypassRls: false, CanLogin: true));

    private static IndexInfo[] TenantIndexes(string table) =>
        [new($"{table}_pkey", ["company_id", "id"], true, true), new($"{table}_recent", ["company_id", "(expression)"], false, false)];

    private static TableInfo Table(TableName name, string[] columns, PolicyInfo[] policies, ForeignKeyInfo[] keys, IndexInfo[] indexes) =>
        new(name, "postgres", RlsEnabled: true, RlsForced: true,
            [.. columns.Select((c, i) => new ColumnInfo(c, i + 1, "uuid", "uuid", true, false, false, false, [], null))],
            [columns[0]], keys, indexes, policies);

    private static PolicyInfo Policy(
        string command, string? @using, string? withCheck, bool permissive = true, string name = "tenant_isolation", string[]? roles = null) =>
        new(name, command, permissive, roles ?? ["public"], @using, withCheck);

    private static FunctionInfo Function(string name, string source, bool securityDefiner = false, bool appCanExecute = true) =>
        new(name, name + "()", "postgres", "sql", securityDefiner, source,
            [.. new[] { Documents, Sites, Companies }.Where(t => source.Contains(t.Value, StringComparison.Ordinal))], appCanExecute);
}
