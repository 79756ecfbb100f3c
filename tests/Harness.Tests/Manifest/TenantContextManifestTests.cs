using FluentAssertions;
using Harness.Manifest;
using Harness.Model;

namespace Harness.Tests.Manifest;

/// <summary>tenancy.context as setting, preset or steps (+ anonymous), and tenancy.membership as a table or { table, user }.</summary>
public sealed class TenantContextManifestTests
{
    private static HarnessManifest Parse(string tenancy) => ManifestLoader.Parse(Manifest(tenancy), "/x/harness.yaml");

    private static string Manifest(string tenancy) =>
        "version: 1\ntenancy:\n  key: team_id\n  root: teams\n" + tenancy + "database:\n  appRole: authenticator\n";

    [Fact]
    public void A_plain_setting_is_the_one_step_plan_it_always_was()
    {
        var manifest = Parse("  context:\n    setting: app.team_id\n");

        manifest.Tenancy.ContextSetting.Should().Be("app.team_id");
        var plan = manifest.Tenancy.Context;
        plan.Steps.Should().Equal(new SettingStep("app.team_id", "{tenantId}"));
        plan.Anonymous.Should().BeEmpty();
        plan.IsBareSetting.Should().BeTrue();
        plan.UsesUserId.Should().BeFalse();
        plan.Roles.Should().BeEmpty();
        manifest.Tenancy.MembershipUser.Should().BeNull();
    }

    [Fact]
    public void The_supabase_preset_switches_role_and_sets_the_jwt_claims_of_a_member()
    {
        var manifest = Parse("  membership: { table: team_members, user: user_id }\n  context:\n    preset: supabase\n");

        manifest.Tenancy.Membership.Should().Be("team_members");
        manifest.Tenancy.MembershipUser.Should().Be("user_id");
        manifest.Tenancy.ContextSetting.Should().Be("request.jwt.claims");
        var plan = manifest.Tenancy.Context;
        plan.UsesUserId.Should().BeTrue();
        plan.IsBareSetting.Should().BeFalse();
        plan.Role.Should().Be("authenticated");
        plan.AnonymousRole.Should().Be("anon");
        plan.Roles.Should().Equal("authenticated", "anon");
        plan.Render(new ContextIdentity("t1", "u1")).Select(s => s.Script).Should().Equal(
            "SET LOCAL ROLE \"authenticated\";",
            """SELECT set_config('request.jwt.claims', '{"sub":"u1","role":"authenticated","aud":"authenticated"}', true);""");
        plan.RenderAnonymous().Select(s => s.Script).Should().Equal(
            "SET LOCAL ROLE \"anon\";", """SELECT set_config('request.jwt.claims', '{"role":"anon"}', true);""");
    }

    [Fact]
    public void Steps_run_in_order_and_anonymous_is_what_no_context_runs()
    {
        var manifest = Parse("""
              context:
                steps:
                  - role: authenticated
                  - setting: request.jwt.claims
                    value: '{"sub":"{userId}","role":"{role}"}'
                  - sql: "select set_config('app.team_id', '{tenantId}', true)"
                anonymous: [ { role: anon } ]

            """);

        var plan = manifest.Tenancy.Context;
        plan.Steps.Select(s => s.Describe()).Should().Equal(
            "role: authenticated", "setting: request.jwt.claims", "sql: select set_config('app.team_id', '{tenantId}', true)");
        plan.Anonymous.Should().Equal(new RoleStep("anon"));
        plan.IdentitySetting.Should().Be("request.jwt.claims");
        manifest.Tenancy.ContextSetting.Should().Be("request.jwt.claims");
        plan.Render(new ContextIdentity("t-1", "u-1")).Select(s => s.Script).Should().Equal(
            "SET LOCAL ROLE \"authenticated\";",
            """SELECT set_config('request.jwt.claims', '{"sub":"u-1","role":"authenticated"}', true);""",
            "select set_config('app.team_id', 't-1', true);");
    }

    [Fact]
    public void A_setting_step_without_value_holds_the_bare_tenant_id()
    {
        var plan = Parse("  context:\n    steps:\n      - setting: app.team_id\n").Tenancy.Context;

        plan.Steps.Should().Equal(new SettingStep("app.team_id", "{tenantId}"));
        plan.IsBareSetting.Should().BeTrue();
    }

    [Fact]
    public void The_string_form_of_membership_names_only_the_table()
    {
        var manifest = Parse("  membership: users\n  context:\n    setting: app.team_id\n");

        manifest.Tenancy.Membership.Should().Be("users");
        manifest.Tenancy.MembershipUser.Should().BeNull();
    }

    [Theory]
    [InlineData("  context:\n    preset: firebase\n", 6, 13, "unknown preset 'firebase'; the presets are: supabase")]
    [InlineData("  context:\n    setting: app.team_id\n    preset: supabase\n", 7, 5, "give exactly one of 'tenancy.context.setting'")]
    [InlineData("  context:\n    anonymous: [ { role: anon } ]\n", 6, 5, "give exactly one of 'tenancy.context.setting'")]
    [InlineData("  context:\n    steps: []\n", 6, 12, "'tenancy.context.steps' must be a list of steps")]
    [InlineData("  context:\n    steps:\n      - setting: request.jwt.claims\n        value: '{\"sub\":\"{user_id}\"}'\n", 8, 16, "unknown placeholder {user_id}; the placeholders are {tenantId}, {userId}, {role}")]
    [InlineData("  context:\n    steps:\n      - role: \"authenticated; drop table x\"\n", 7, 15, "'authenticated; drop table x' is not a role name")]
    [InlineData("  context:\n    steps:\n      - role: authenticated\n", 7, 7, "no step sets a setting")]
    [InlineData("  context:\n    steps:\n      - setting: claims\n", 7, 18, "'claims' is not a custom setting name")]
    [InlineData("  context:\n    steps:\n      - role: a\n        sql: select 1\n", 7, 9, "'tenancy.context.steps[0]' must be exactly one of")]
    [InlineData("  context:\n    steps:\n      - rol: a\n", 7, 9, "unknown key 'tenancy.context.steps[0].rol'")]
    [InlineData("  context:\n    steps:\n      - setting: a.b\n        value: '{\"role\":\"{role}\"}'\n", 7, 9, "{role} is the role a 'role' step switches to")]
    [InlineData("  context:\n    steps:\n      - setting: a.b\n        value: '{\"sub\":{userId'\n", 8, 16, "the value starts like JSON but is not valid JSON")]
    [InlineData("  context:\n    steps:\n      - sql: \"select set_config('a.b', $$ {tenantId} $$, true)\"\n", 7, 14, "placeholder {tenantId} sits in a quoted identifier")]
    [InlineData("  context:\n    setting: app.team_id\n    anonymous:\n      - setting: a.b\n        value: '{tenantId}'\n", 9, 16, "an anonymous step has no tenant or user, so it cannot use {tenantId}")]
    [InlineData("  membership: { table: team_members }\n  context:\n    setting: a.b\n", 5, 15, "missing 'tenancy.membership.user'")]
    [InlineData("  membership: { table: team_members, user: uuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuu }\n  context:\n    setting: a.b\n", 5, 44, "'uuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuu' is not a PostgreSQL name")]
    public void Context_errors_name_the_line_and_column_and_what_is_valid(string tenancy, int line, int column, string problem)
    {
        var act = () => Parse(tenancy);

        var error = act.Should().Throw<ManifestException>().Which;
        error.Problem.Should().StartWith(problem);
        (error.Line, error.Column).Should().Be((line, column));
    }
}
