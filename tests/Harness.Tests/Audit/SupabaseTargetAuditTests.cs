using FluentAssertions;
using Harness.Catalog;
using Harness.Findings;
using Harness.Model;
using Harness.Running;
using Harness.Scenarios.Audit;
using Harness.Tests.Infrastructure;
using Npgsql;

namespace Harness.Tests.Audit;

/// <summary>
/// The audit on a Supabase-like target (<see cref="SupabaseTarget"/>): policies read the caller through <c>auth.uid()</c>
/// (schema <c>auth</c>) and reach the tenant through a membership table via a SECURITY DEFINER helper in another schema.
/// Clean, nothing high; each flaw is found on its object; what text cannot read is left to the matrix (AUD023, info).
/// </summary>
public sealed class SupabaseTargetAuditTests(PostgresFixture fixture)
{
    private const string Projects = "projects_member on projects";

    private static readonly Dictionary<string, (string Sql, (string Rule, string Subject)[] Expected)> Flaws = new(StringComparer.Ordinal)
    {
        // The tenant taken from a claim the user writes themselves: any user can name any team.
        ["user-metadata-claim"] = ("""
            DROP POLICY projects_member ON public.projects;
            CREATE POLICY projects_member ON public.projects FOR ALL TO authenticated
                USING (team_id = ((auth.jwt() -> 'user_metadata') ->> 'team_id')::uuid);
            """, [("AUD005", Projects), ("AUD006", Projects)]),
        // The membership check ignores the team it is given: any member of any team passes.
        ["membership-ignores-team"] = ("""
            CREATE OR REPLACE FUNCTION app_private.is_member_of(team uuid) RETURNS boolean
                LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
                SELECT EXISTS (SELECT 1 FROM public.team_members m WHERE m.user_id = auth.uid()) $$;
            """, [("AUD005", Projects), ("AUD006", Projects), ("AUD006", "teams_member on teams"), ("AUD006", "team_members_member on team_members")]),
        ["definer-rpc-without-caller-check"] = ("""
            CREATE FUNCTION public.project_names() RETURNS SETOF text LANGUAGE sql STABLE SECURITY DEFINER AS $$
                SELECT name FROM public.projects $$;
            GRANT EXECUTE ON FUNCTION public.project_names() TO authenticated;
            """, [("AUD007", "project_names()")]),
        ["view-without-invoker"] = ("""
            CREATE VIEW public.project_list AS SELECT id, team_id, name FROM public.projects;
            GRANT SELECT ON public.project_list TO authenticated;
            """, [("AUD008", "project_list")]),
        ["bypass-setting"] = ("""
            DROP POLICY tasks_member ON public.tasks;
            CREATE POLICY tasks_member ON public.tasks FOR ALL TO authenticated
                USING (app_private.is_member_of(team_id) OR current_setting('app.bypass_rls', true) = 'on')
                WITH CHECK (app_private.is_member_of(team_id));
            """, [("AUD019", "tasks_member on tasks")]),
    };

    public static TheoryData<string> FlawNames => [.. Flaws.Keys.Order(StringComparer.Ordinal)];

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Clean_target_has_no_high_finding_and_its_membership_policies_are_tenant_scoped()
    {
        var (model, catalog, result) = await AuditAsync(null);

        result.Findings.Where(f => f.Rule.Severity >= Severity.High).Select(Describe).Should().BeEmpty();
        result.Findings.Where(f => f.Rule.Id == "AUD023").Should().BeEmpty("every policy of the clean target is readable");
        catalog.OtherSchemaFunctions.Select(f => $"{f.Schema}.{f.Name}").Should().Contain(["auth.uid", "app_private.is_member_of"]);
        var input = new AuditInput(model, catalog);
        var projects = catalog.FindTable(new TableName("projects"))!.Policies.Single();
        var reference = input.Analyze(projects.Using, new TableName("projects"));
        reference.Constrains.Should().BeTrue();
        reference.ThroughMembership.Should().BeTrue("it passes team_id to a function that compares its parameter in a membership subquery");
        reference.ViaFunctions.Should().Contain(["app_private.is_member_of(uuid)", "auth.uid()"]);
        var tasks = catalog.FindTable(new TableName("tasks"))!.Policies.Single();
        input.Analyze(tasks.Using, new TableName("tasks")).Constrains.Should().BeTrue("team_id IN (a membership subquery on auth.uid())");
        result.Checks.Where(c => c.Rule.Id is "AUD005" or "AUD006").Should().NotBeEmpty().And.OnlyContain(c => c.Passed);
    }

    [Theory]
    [MemberData(nameof(FlawNames))]
    public async Task Each_flaw_is_found_on_its_object(string flaw)
    {
        var (sql, expected) = Flaws[flaw];

        var (_, _, result) = await AuditAsync(sql);

        var found = result.Findings.Where(f => f.Rule.Severity > Severity.Info).Select(f => (f.Rule.Id, f.Subject)).ToList();
        found.Should().Contain(expected, string.Join("\n", result.Findings.Select(Describe)));
        found.Should().NotContain(("AUD006", "tasks_member on tasks"), "the tasks policy's own membership subquery still ties rows to the team")
            .And.Subject.Where(f => flaw != "bypass-setting").Should().NotContain(f => f.Id == "AUD019");
    }

    [Fact]
    public async Task A_policy_through_dynamic_sql_is_left_to_the_matrix_not_reported_high()
    {
        var (_, _, result) = await AuditAsync("""
            CREATE FUNCTION app_private.is_member_dynamic(team uuid) RETURNS boolean
                LANGUAGE plpgsql STABLE SECURITY DEFINER AS $$
                DECLARE found boolean;
                BEGIN
                    EXECUTE 'SELECT EXISTS (SELECT 1 FROM public.team_members WHERE team_id = $1 AND user_id = auth.uid())'
                        INTO found USING team;
                    RETURN found;
                END $$;
            DROP POLICY projects_member ON public.projects;
            CREATE POLICY projects_member ON public.projects FOR ALL TO authenticated
                USING (app_private.is_member_dynamic(team_id)) WITH CHECK (app_private.is_member_dynamic(team_id));
            """);

        result.Findings.Where(f => f.Rule.Severity >= Severity.High).Select(Describe).Should().BeEmpty();
        var info = result.Findings.Should().ContainSingle(f => f.Rule.Id == "AUD023").Subject;
        info.Subject.Should().Be(Projects);
        info.Rule.Severity.Should().Be(Severity.Info);
        info.Message.Should().Contain("decided by the matrix").And.Contain("app_private.is_member_dynamic(uuid) builds SQL at run time");
    }

    [Fact]
    public async Task Identity_claims_and_the_role_setting_are_no_bypass_switch()
    {
        var (_, _, result) = await AuditAsync("""
            DROP POLICY tasks_member ON public.tasks;
            CREATE POLICY tasks_member ON public.tasks FOR ALL TO authenticated
                USING (app_private.is_member_of(team_id) OR auth.role() = 'service_role'
                       OR current_setting('role', true) = 'service_role')
                WITH CHECK (app_private.is_member_of(team_id));
            """);

        result.Checks.Where(c => c.Rule.Id == "AUD019").Should().NotBeEmpty().And.OnlyContain(c => c.Passed);
    }

    private async Task<(TenancyModel Model, CatalogSnapshot Catalog, ScenarioResult Result)> AuditAsync(string? flawSql)
    {
        await using var target = await SupabaseTarget.CreateAsync(fixture, flawSql, Token);
        CatalogSnapshot catalog;
        await using (var connection = new NpgsqlConnection(target.ConnectionString))
        {
            await connection.OpenAsync(Token);
            catalog = await CatalogReader.ReadAsync(connection, "public", "authenticated", Token);
        }

        var model = IntrospectedModel.For(catalog, "team_id", new TableName("teams"), "request.jwt.claims", "authenticated") with
        {
            Membership = new TableName("team_members"),
        };
        return (model, catalog, CatalogAudit.Run(model, catalog, null, Token));
    }

    private static string Describe(Finding f) => $"{f.Rule.Id} {f.Subject}: {f.Message}";
}
