using FluentAssertions;
using Harness.Catalog;
using Harness.Findings;
using Harness.Model;
using Harness.Scenarios.Audit;
using Harness.Tests.Infrastructure;
using Xunit;

namespace Harness.Tests.Audit;

/// <summary>
/// AUD015-AUD022 on a target unlike the sample (<see cref="PrismaTarget"/>): each fires on its flaw and names the
/// object, stays silent on near misses, and the clean target gives no finding at all.
/// </summary>
public sealed class PrismaTargetAuditTests(PostgresFixture fixture)
{
    private static readonly string[] NewRules = ["AUD015", "AUD016", "AUD017", "AUD018", "AUD019", "AUD020", "AUD021", "AUD022"];

    /// <summary>For each flaw (SQL with {schema}, {app}, {writer}, {owner}): every (rule, subject) the audit must report, and nothing else.</summary>
    private static readonly Dictionary<string, (string Sql, (string Rule, string Subject)[] Expected)> Flaws = new(StringComparer.Ordinal)
    {
        ["truncate-through-membership"] = ("""
            GRANT TRUNCATE ON "Task" TO "{writer}";
            GRANT "{writer}" TO "{app}";
            """, [("AUD015", "Task")]),
        ["references-granted"] = ("""GRANT REFERENCES ON "Project" TO "{app}";""", [("AUD016", "Project")]),
        ["unique-index-without-tenant"] = ("""CREATE UNIQUE INDEX "Task_externalRef_key" ON "Task"("externalRef");""",
            [("AUD017", "Task_externalRef_key on Task")]),
        ["owner-login-not-forced"] = ("""
            ALTER TABLE "Task" OWNER TO "{owner}";
            ALTER TABLE "Task" NO FORCE ROW LEVEL SECURITY;
            """, [("AUD018", "Task")]),
        ["owner-nologin-not-forced"] = ("""
            ALTER TABLE "Task" OWNER TO "{writer}";
            ALTER TABLE "Task" NO FORCE ROW LEVEL SECURITY;
            """, []),
        ["superadmin-setting-policy"] = ("""
            CREATE FUNCTION "isSuperAdmin"() RETURNS boolean LANGUAGE sql STABLE
                AS $$ SELECT coalesce(current_setting('app.is_superadmin', true), '') = 'true' $$;
            DROP POLICY "Task_tenant" ON "Task";
            CREATE POLICY "Task_tenant" ON "Task"
                USING ("workspaceId" = current_setting('app.workspace_id', true) OR "isSuperAdmin"())
                WITH CHECK ("workspaceId" = current_setting('app.workspace_id', true));
            """, [("AUD019", "Task_tenant on Task")]),
        ["partition-without-rls"] = ("""ALTER TABLE "Event_p1" DISABLE ROW LEVEL SECURITY;""", [("AUD020", "Event_p1")]),
        ["partition-without-rls-not-granted"] = ("""
            ALTER TABLE "Event_p1" DISABLE ROW LEVEL SECURITY;
            REVOKE ALL ON "Event_p1" FROM "{app}";
            """, []),
        ["matview-public"] = ("""
            CREATE MATERIALIZED VIEW "TaskCount" AS SELECT "workspaceId", count(*) AS "tasks" FROM "Task" GROUP BY "workspaceId";
            GRANT SELECT ON "TaskCount" TO PUBLIC;
            """, [("AUD021", "TaskCount")]),
        // The schema's default privileges give the app SELECT on every new relation, a materialized view included.
        ["matview-granted-by-default"] = ("""
            CREATE MATERIALIZED VIEW "TaskCount" AS SELECT "workspaceId", count(*) AS "tasks" FROM "Task" GROUP BY "workspaceId";
            """, [("AUD021", "TaskCount")]),
        ["matview-revoked"] = ("""
            CREATE MATERIALIZED VIEW "TaskCount" AS SELECT "workspaceId", count(*) AS "tasks" FROM "Task" GROUP BY "workspaceId";
            REVOKE ALL ON "TaskCount" FROM "{app}";
            """, []),
        ["default-privileges-all"] = ("""ALTER DEFAULT PRIVILEGES IN SCHEMA "{schema}" GRANT ALL ON TABLES TO "{app}";""",
            [("AUD022", "default privileges on tables to {app}")]),
    };

    public static TheoryData<string> FlawNames => [.. Flaws.Keys.Order(StringComparer.Ordinal)];

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Clean_target_has_no_finding_and_every_new_rule_checks_something()
    {
        var target = await PrismaTarget.AuditAsync(fixture, null, Token);

        target.Result.Findings.Select(f => $"{f.Rule.Id} {f.Subject}: {f.Message}").Should().BeEmpty();
        target.Result.Checks.Select(c => c.Rule.Id).Distinct().Should().Contain(NewRules);
        target.Model.TenantTables.Select(t => t.Value).Should().BeEquivalentTo("Workspace", "Project", "Task", "Event", "Event_p0", "Event_p1");
    }

    [Fact]
    public async Task Catalog_reads_partitions_unique_indexes_grants_memberships_and_default_privileges()
    {
        var target = await PrismaTarget.AuditAsync(fixture, """GRANT "{writer}" TO "{app}";""", Token);
        var catalog = target.Catalog;

        catalog.FindTable(new TableName("Event"))!.IsPartitioned.Should().BeTrue();
        catalog.FindTable(new TableName("Event_p1"))!.PartitionOf.Should().Be(new TableName("Event"));
        catalog.FindTable(new TableName("Task"))!.PartitionOf.Should().BeNull();
        catalog.FindTable(new TableName("Project"))!.Indexes.Single(i => i.Name == "Project_workspaceId_id_key")
            .Should().Match<IndexInfo>(i => i.IsUnique && !i.IsConstraint && !i.IsPrimary);
        catalog.FindTable(new TableName("Task"))!.Indexes.Single(i => i.Name == "Task_pkey").IsConstraint.Should().BeTrue();
        catalog.FindTable(new TableName("Task"))!.Grants.Where(g => g.Grantee == target.AppRole).Select(g => g.Privilege)
            .Should().BeEquivalentTo("SELECT", "INSERT", "UPDATE", "DELETE");
        catalog.FindTable(new TableName("Task"))!.OwnerRole.Should().NotBeNull().And.Match<RoleInfo>(r => r.CanLogin);
        catalog.AppRole!.MemberOf.Should().Equal(target.AppRole.Replace("prisma_app_", "prisma_writer_", StringComparison.Ordinal));
        catalog.DefaultPrivileges.Where(d => d.Grantee == target.AppRole).Select(d => d.Privilege)
            .Should().BeEquivalentTo("SELECT", "INSERT", "UPDATE", "DELETE");
        catalog.Views.Single(v => v.Name.Value == "TaskSummary").Materialized.Should().BeFalse();
    }

    [Theory]
    [MemberData(nameof(FlawNames))]
    public async Task Each_flaw_is_found_by_its_rule_on_its_object_and_near_misses_stay_silent(string flaw)
    {
        var (sql, expected) = Flaws[flaw];

        var target = await PrismaTarget.AuditAsync(fixture, sql, Token);

        var names = new Dictionary<string, string>(StringComparer.Ordinal) { ["{app}"] = target.AppRole };
        target.Result.Findings.Select(f => (f.Rule.Id, f.Subject))
            .Should().BeEquivalentTo(expected.Select(e => (e.Rule, PrismaTarget.Fill(names, e.Subject))));
        foreach (var finding in target.Result.Findings)
        {
            finding.Message.Should().Contain(finding.Subject);
            finding.Evidence.Should().NotBeNullOrWhiteSpace();
            finding.Reproduction.Should().NotBeNullOrWhiteSpace();
        }
    }

    [Fact]
    public async Task Truncate_through_a_role_names_the_role_and_the_membership()
    {
        var target = await PrismaTarget.AuditAsync(fixture, Flaws["truncate-through-membership"].Sql, Token);

        var finding = target.Result.Findings.Should().ContainSingle().Subject;
        var writer = target.AppRole.Replace("prisma_app_", "prisma_writer_", StringComparison.Ordinal);
        finding.Message.Should().Contain($"TRUNCATE to {writer}, a role {target.AppRole} is a member of").And.Contain("ignores row-level security");
        finding.Evidence.Should().Contain($"{writer}: TRUNCATE");
        finding.Reproduction.Should().Contain("\"Task\"").And.Contain("pg_has_role");
    }

    [Fact]
    public async Task Setting_read_through_a_function_in_an_or_branch_is_named()
    {
        var target = await PrismaTarget.AuditAsync(fixture, Flaws["superadmin-setting-policy"].Sql, Token);

        var finding = target.Result.Findings.Should().ContainSingle().Subject;
        finding.Severity.Should().Be(Severity.High);
        finding.Message.Should().Contain("app.is_superadmin").And.Contain("USING").And.NotContain("WITH CHECK");
        finding.Evidence.Should().Contain("\"isSuperAdmin\"()");
    }
}
