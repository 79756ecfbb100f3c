using FluentAssertions;
using Harness.Probing;
using Harness.Scenarios.Rls;
using Harness.Tests.Infrastructure;

namespace Harness.Tests.Rls;

/// <summary>
/// The RLS matrix on a Supabase-shaped app: it connects as authenticator, switches to authenticated with a member's JWT
/// claims (or to anon), and finds a policy that checks membership without tying it to the row's team; a context that
/// does not fit the policies stops the run with the database's error instead of becoming findings.
/// </summary>
public sealed class SupabaseMatrixTests(PostgresFixture postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_clean_app_probed_as_members_and_anon_has_no_finding()
    {
        await using var target = await SupabaseLike.CreateAsync(postgres, cancellationToken: Token);

        var result = await target.RunAsync(Token);

        result.Findings.Should().BeEmpty();
        result.NotCovered.Should().BeEmpty();
        var subjects = result.Checks.Where(c => c.Probes > 0).Select(c => c.Subject).ToList();
        subjects.Should().Contain(["projects SELECT own", "projects SELECT other-tenant", "projects SELECT none", "projects SELECT unknown-tenant",
            "team_members UPDATE other-tenant", "teams DELETE none"]);
        subjects.Should().NotContain(s => s.EndsWith("empty-string", StringComparison.Ordinal), "an empty id is no context a Supabase client sends");
        target.Progress.Should().Contain(p => p.Contains("own/other-tenant as the first member of each tenant (team_members.user_id)", StringComparison.Ordinal)
            && p.Contains("none as anonymous (role: anon; setting: request.jwt.claims)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Members_are_read_per_tenant_in_a_fixed_order_from_the_membership_user_column()
    {
        await using var target = await SupabaseLike.CreateAsync(postgres, cancellationToken: Token);

        var members = await TenantMembers.ReadAsync(target.AdminConnectionString, target.Context.Model, Token);

        foreach (var tenant in target.Ledger.Tenants)
        {
            var table = tenant.Table("team_members")!;
            var user = table.KeyColumns.ToList().IndexOf("user_id");
            var seeded = table.Keys.Select(k => k[user]).Order(StringComparer.Ordinal).ToList();
            members.Of(tenant.TenantId).Should().Equal(seeded);
            members.First(tenant.TenantId).Should().Be(seeded[0]);
        }
    }

    [Fact]
    public async Task A_policy_that_checks_membership_of_any_team_is_found_as_a_member_reading_another_team()
    {
        const string flaw = """
            CREATE FUNCTION private.has_a_team() RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS
              $$ select exists (select 1 from public.team_members m where m.user_id = auth.uid()) $$;
            GRANT EXECUTE ON FUNCTION private.has_a_team() TO authenticated;
            DROP POLICY member ON public.projects;
            CREATE POLICY member ON public.projects FOR ALL TO authenticated USING (private.has_a_team()) WITH CHECK (private.is_member(team_id));
            """;
        await using var target = await SupabaseLike.CreateAsync(postgres, flaw: flaw, cancellationToken: Token);

        var result = await target.RunAsync(Token);

        result.Findings.Should().NotBeEmpty().And.OnlyContain(f => f.Subject.StartsWith("projects ", StringComparison.Ordinal));
        var read = result.Findings.Where(f => f.Subject == "projects SELECT other-tenant").Should().NotBeEmpty().And.Subject.First();
        read.Message.Should().StartWith("As user '").And.Contain("a member of tenant").And.Contain("role: authenticated; setting: request.jwt.claims");
        read.Reproduction.Should().Contain("SET LOCAL ROLE \"authenticated\";").And.Contain("set_config('request.jwt.claims', '{\"sub\":\"");
        result.Checks.Single(c => c.Subject == "projects SELECT none").Passed.Should().BeTrue("anon has no policy on projects");
    }

    [Fact]
    public async Task A_bare_id_in_the_claims_setting_stops_the_run_with_the_database_error()
    {
        const string context = "  context:\n    steps:\n      - role: authenticated\n      - setting: request.jwt.claims\n";
        await using var target = await SupabaseLike.CreateAsync(postgres, context, cancellationToken: Token);

        var act = () => target.RunAsync(Token);

        var error = (await act.Should().ThrowAsync<RlsMatrixException>()).Which;
        error.SqlState.Should().Be("22P02");
        error.Message.Should().Contain("SQLSTATE 22P02").And.Contain("invalid input syntax for type json")
            .And.Contain("on all 3 tables").And.Contain("Check tenancy.context");
    }

    [Fact]
    public async Task A_context_step_that_fails_stops_the_run_naming_the_step()
    {
        const string context = """
              context:
                steps:
                  - role: authenticated
                  - setting: request.jwt.claims
                    value: '{"sub":"{userId}"}'
                  - sql: "select set_config('app.team_number', ({tenantId})::int::text, true)"

            """;
        await using var target = await SupabaseLike.CreateAsync(postgres, context, cancellationToken: Token);

        var act = () => target.RunAsync(Token);

        var error = (await act.Should().ThrowAsync<RlsMatrixException>()).Which;
        error.SqlState.Should().Be("22P02");
        error.Message.Should().Contain("its step 'sql: select set_config('app.team_number'").And.Contain("invalid input syntax for type integer")
            .And.Contain("check tenancy.context");
    }

    [Fact]
    public async Task An_own_tenant_control_that_fails_on_one_table_leaves_its_other_tenant_checks_not_covered()
    {
        const string flaw = """
            DROP POLICY member ON public.projects;
            CREATE POLICY member ON public.projects FOR ALL TO authenticated
              USING (private.is_member(team_id) AND (current_setting('app.missing')) IS NOT NULL) WITH CHECK (private.is_member(team_id));
            """;
        await using var target = await SupabaseLike.CreateAsync(postgres, flaw: flaw, cancellationToken: Token);

        var result = await target.RunAsync(Token);

        var projects = result.Checks.Where(c => c.Subject.StartsWith("projects ", StringComparison.Ordinal)).ToList();
        projects.Single(c => c.Subject == "projects SELECT own").Findings.Should().NotBeEmpty().And.OnlyContain(f => f.Evidence.Contains("42704", StringComparison.Ordinal));
        projects.Where(c => c.Subject.EndsWith("other-tenant", StringComparison.Ordinal)).Should().NotBeEmpty()
            .And.OnlyContain(c => c.NotCovered != null && c.NotCovered.Contains("own-tenant control on projects failed", StringComparison.Ordinal));
        result.Checks.Where(c => !c.Subject.StartsWith("projects ", StringComparison.Ordinal)).Should().OnlyContain(c => c.Passed);
    }
}
