using FluentAssertions;
using Harness.Scenarios.Survival;
using Harness.Snapshots;
using static Harness.Tests.Survival.SurvivalSnapshots;

namespace Harness.Tests.Survival;

/// <summary>Each catalog check of migration survival on a step that breaks what it guards, and on steps that do not.</summary>
public sealed class CatalogSurvivalChecksTests
{
    [Fact]
    public void An_unchanged_catalog_gives_no_finding()
    {
        CatalogSurvivalChecks.Run(Step(Clean)).Should().BeEmpty();
    }

    [Fact]
    public void A_step_that_adds_a_protected_tenant_table_a_global_table_and_an_invoker_view_gives_no_finding()
    {
        var after = Clean with
        {
            Tables = [.. Clean.Tables, new("tags", "r", null, true, true, "owner"), new("countries", "r", null, false, false, "owner")],
            Columns = [.. Clean.Columns, new("tags", "account_id", "uuid", false, null), new("countries", "code", "text", false, null)],
            Policies = [.. Clean.Policies, new("tags", "tenant", "ALL", [App], true, "(account_id = current_tenant())", null)],
            Privileges = [.. Clean.Privileges, new("table", "tags", null, App, "SELECT")],
            Views = [.. Clean.Views, new("tag_names", false, true, false, ["tags"], "owner")],
        };

        CatalogSurvivalChecks.Run(Step(after)).Should().BeEmpty();
    }

    [Fact]
    public void Rls_disabled_or_force_removed_on_a_tenant_table_is_found_and_located()
    {
        var after = Clean with { Tables = Replace(Clean.Tables, t => t.Name == "notes", t => t with { ForceRowSecurity = false }) };

        var finding = FindingsOf(Step(after, text: "ALTER TABLE notes NO FORCE ROW LEVEL SECURITY;"), SurvivalRules.RlsRemoved).Should().ContainSingle().Subject;

        finding.Subject.Should().Be("notes");
        finding.Message.Should().Contain("007_change.sql").And.Contain("FORCE");
        finding.Location.Should().Be(new Harness.Findings.SourceFile("/repo/migrations/007_change.sql", 3));
    }

    [Fact]
    public void A_global_table_losing_rls_is_not_a_tenant_table_finding()
    {
        var before = Clean with { Tables = Replace(Clean.Tables, t => t.Name == "plans", t => t with { RowSecurity = true }) };

        FindingsOf(Step(Clean, before), SurvivalRules.RlsRemoved).Should().BeEmpty();
    }

    [Fact]
    public void A_new_tenant_table_without_rls_or_policy_is_found_and_located_at_line_one_when_no_statement_names_it()
    {
        var after = Clean with
        {
            Tables = [.. Clean.Tables, new("tags", "r", null, false, false, "owner")],
            Columns = [.. Clean.Columns, new("tags", "account_id", "uuid", false, null)],
        };

        var finding = FindingsOf(Step(after), SurvivalRules.NewTenantTableUnprotected).Should().ContainSingle().Subject;

        finding.Message.Should().Contain("tags").And.Contain("without row-level security or a policy");
        finding.Location!.Line.Should().Be(1);
    }

    [Fact]
    public void A_table_that_gains_the_tenant_key_needs_rls_and_a_policy_in_the_same_step()
    {
        var after = Clean with { Columns = [.. Clean.Columns, new("plans", "account_id", "uuid", true, null)] };
        var tenancy = Tenancy with { Global = new HashSet<string>(StringComparer.Ordinal) };
        var input = Step(after) with { Tenancy = tenancy };

        CatalogSurvivalChecks.Run(input).Should().ContainSingle(f => f.Rule == SurvivalRules.NewTenantTableUnprotected)
            .Which.Finding.Message.Should().Contain("gained the tenant key");
    }

    [Fact]
    public void A_new_partition_without_rls_is_found_but_an_old_unprotected_one_is_left_to_the_audit()
    {
        var withPartition = Clean with { Tables = [.. Clean.Tables, new("events_2026", "r", "events", false, false, "owner")] };

        FindingsOf(Step(withPartition), SurvivalRules.PartitionUnprotected).Should().ContainSingle().Which.Subject.Should().Be("events_2026");
        FindingsOf(Step(withPartition, withPartition), SurvivalRules.PartitionUnprotected).Should().BeEmpty();
    }

    [Fact]
    public void Policy_roles_widened_and_a_new_permissive_policy_are_found_and_a_new_restrictive_one_is_not()
    {
        var widened = Clean with { Policies = Replace(Clean.Policies, p => p.Table == "notes", p => p with { Roles = ["public"] }) };
        var permissive = Clean with { Policies = [.. Clean.Policies, new("notes", "support_reads", "SELECT", [App], true, "true", null)] };
        var restrictive = Clean with { Policies = [.. Clean.Policies, new("notes", "not_archived", "SELECT", [App], false, "(archived = false)", null)] };

        FindingsOf(Step(widened), SurvivalRules.PolicyWidened).Should().ContainSingle().Which.Message.Should().Contain("also applies to public");
        FindingsOf(Step(permissive), SurvivalRules.PolicyWidened).Should().ContainSingle().Which.Subject.Should().Be("support_reads on notes");
        FindingsOf(Step(restrictive), SurvivalRules.PolicyWidened).Should().BeEmpty();
    }

    [Fact]
    public void A_grant_to_public_or_a_new_privilege_of_the_app_role_on_an_existing_table_is_found()
    {
        var toPublic = Clean with { Privileges = [.. Clean.Privileges, new("table", "notes", null, "PUBLIC", "SELECT")] };
        var truncate = Clean with { Privileges = [.. Clean.Privileges, new("table", "notes", null, App, "TRUNCATE")] };
        var otherRole = Clean with { Privileges = [.. Clean.Privileges, new("table", "notes", null, "reporting", "SELECT")] };

        FindingsOf(Step(toPublic), SurvivalRules.GrantWidened).Should().ContainSingle().Which.Message.Should().Contain("PUBLIC was granted SELECT");
        FindingsOf(Step(truncate), SurvivalRules.GrantWidened).Should().ContainSingle().Which.Message.Should().Contain("TRUNCATE");
        FindingsOf(Step(otherRole), SurvivalRules.GrantWidened).Should().BeEmpty();
    }

    [Fact]
    public void A_view_that_lost_security_invoker_and_a_new_definer_view_over_a_tenant_table_are_found()
    {
        var lost = Clean with { Views = Replace(Clean.Views, v => v.Name == "note_titles", v => v with { SecurityInvoker = false }) };
        var newDefiner = Clean with { Views = [.. Clean.Views, new("all_notes", false, false, false, ["notes"], "owner")] };
        var newOverGlobal = Clean with { Views = [.. Clean.Views, new("plan_names", false, false, false, ["plans"], "owner")] };

        FindingsOf(Step(lost), SurvivalRules.ViewLostInvoker).Should().ContainSingle().Which.Message.Should().Contain("lost security_invoker");
        FindingsOf(Step(newDefiner), SurvivalRules.ViewLostInvoker).Should().ContainSingle().Which.Subject.Should().Be("all_notes");
        FindingsOf(Step(newOverGlobal), SurvivalRules.ViewLostInvoker).Should().BeEmpty();
    }

    [Fact]
    public void A_function_that_became_definer_or_lost_its_search_path_or_runs_for_public_is_found()
    {
        var lostPath = Clean with { Functions = Replace(Clean.Functions, f => true, f => f with { SearchPath = null }) };
        var forPublic = Clean with { Privileges = [.. Clean.Privileges, new("function", "note_count(uuid)", null, "PUBLIC", "EXECUTE")] };
        var becameDefiner = Clean with { Functions = [.. Clean.Functions, new("touch(uuid)", true, "pg_catalog", "owner")] };
        var invoker = Clean with { Functions = [.. Clean.Functions, new("helper(uuid)", false, null, "owner")], Privileges = [.. Clean.Privileges, new("function", "helper(uuid)", null, "PUBLIC", "EXECUTE")] };

        FindingsOf(Step(lostPath), SurvivalRules.FunctionWidened).Should().ContainSingle().Which.Message.Should().Contain("lost its SET search_path");
        FindingsOf(Step(forPublic), SurvivalRules.FunctionWidened).Should().ContainSingle().Which.Message.Should().Contain("PUBLIC");
        FindingsOf(Step(becameDefiner), SurvivalRules.FunctionWidened).Should().ContainSingle().Which.Message.Should().Contain("is created SECURITY DEFINER");
        FindingsOf(Step(invoker), SurvivalRules.FunctionWidened).Should().BeEmpty();
    }

    [Fact]
    public void A_tenant_key_made_nullable_retyped_or_defaulted_and_a_foreign_key_without_it_are_found()
    {
        var nullable = Clean with { Columns = Replace(Clean.Columns, c => c.Table == "notes" && c.Name == "account_id", c => c with { Nullable = true, Default = "'00000000-0000-0000-0000-000000000000'::uuid" }) };
        var foreignKey = Clean with { ForeignKeys = [new("notes", "notes_account_fk", ["author_id"], "accounts", ["owner_id"])] };

        FindingsOf(Step(nullable), SurvivalRules.TenantKeyWeakened).Should().ContainSingle().Which.Message.Should().Contain("became nullable").And.Contain("got the default");
        FindingsOf(Step(foreignKey), SurvivalRules.TenantKeyWeakened).Should().ContainSingle().Which.Subject.Should().Be("notes -> accounts");
    }
}
