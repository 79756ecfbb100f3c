using FluentAssertions;
using Harness.Drills;
using Harness.Drills.Verify;
using Harness.Findings;
using Harness.Snapshots;
using Harness.Tests.Infrastructure;

namespace Harness.Tests.Drills.Verify;

/// <summary>
/// <see cref="RestoreVerifier"/> on real databases: a faithful copy of each of two tenant layouts (the sample's migrations,
/// and a layout of its own with another tenant key, a child reached only through a foreign key, a composite and a text key)
/// passes; each planted restore flaw is found and names its tenant and table.
/// </summary>
public sealed class RestoreVerifierTests(PostgresFixture postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static readonly RestoreVerifyOptions Options = new();

    [Fact]
    public async Task A_faithful_copy_of_the_own_layout_passes_every_check()
    {
        await using var db = await RestoreDatabases.CreateAsync(postgres, OrgLayout.Build(OrgLayout.NewRole()), Token);
        var expected = await SnapshotReader.ReadAsync(db.Source, RestoreDatabases.Schema, OrgLayout.Scope, Token);
        var restored = await db.CopyAsync(Token);

        var verification = await RestoreVerifier.VerifyAsync(restored, expected, Options, Token);

        expected.Data.Select(d => d.Table).Distinct().Should().BeEquivalentTo(["audit_log", "documents", "orgs", "projects"]);
        expected.Canaries.Should().HaveCount(2);
        verification.Checks.Should().HaveCount(3).And.OnlyContain(c => c.Passed, string.Join("; ", verification.Checks.SelectMany(c => c.Findings).Select(f => f.Message)));
    }

    [Fact]
    public async Task A_faithful_copy_of_the_sample_passes_and_one_tenant_missing_rows_in_one_table_is_named()
    {
        await using var db = await RestoreDatabases.SampleAsync(postgres, Token);
        var manifest = await Harness.Runner.ScenarioRegistry.Default.LoadManifestAsync(RepositoryPaths.SampleManifest, Token);
        var scope = new SnapshotScope { TenantKey = manifest.Tenancy.Key, Root = new SnapshotRoot(manifest.Tenancy.Root, manifest.Tenancy.RootKey) };
        var expected = await SnapshotReader.ReadAsync(db.Source, RestoreDatabases.Schema, scope, Token);
        var clean = await db.CopyAsync(Token);
        var damaged = await db.CopyAsync(Token);
        var victim = expected.Data.First(d => d.Table != manifest.Tenancy.Root && d.TenantId is not null && d.Rows > 0);
        await RestoreDatabases.Execute(damaged, $"""
            SET session_replication_role = replica;
            DELETE FROM "{victim.Table}" WHERE "{manifest.Tenancy.Key}"::text = '{victim.TenantId}';
            """, Token);

        var passed = await RestoreVerifier.VerifyAsync(clean, expected, Options, Token);
        var failed = await RestoreVerifier.VerifyAsync(damaged, expected, Options, Token);

        passed.Checks.Should().OnlyContain(c => c.Passed);
        var finding = failed.Checks.SelectMany(c => c.Findings).Should().ContainSingle().Which;
        finding.Rule.Should().Be(DrillRules.TenantRowsDiffer);
        finding.Subject.Should().Be($"{victim.Table} tenant {victim.TenantId}");
        finding.Message.Should().Contain($"{victim.Rows} rows missing");
        finding.Evidence.Should().Contain("--against", "without a reference database the keys cannot be named, and it says how");
    }

    [Theory]
    [InlineData("DELETE FROM projects WHERE id = 2", "RST002", "projects tenant acme")]
    [InlineData("UPDATE documents SET body = 'stolen " + OrgLayout.CanaryAcme + "' WHERE org_ref = 'globex' AND doc_no = 1", "RST003", "documents tenant globex")]
    [InlineData("INSERT INTO audit_log VALUES (9, 'ghost', 'restored from another cluster')", "RST003", "audit_log tenant ghost")]
    [InlineData("DROP POLICY documents_org ON documents", "RST004", "Policy documents.documents_org")]
    [InlineData("ALTER TABLE projects DISABLE ROW LEVEL SECURITY", "RST004", "Table projects")]
    public async Task Each_planted_restore_flaw_is_found_with_its_tenant_and_table(string flaw, string rule, string subject)
    {
        await using var db = await RestoreDatabases.CreateAsync(postgres, OrgLayout.Build(OrgLayout.NewRole()), Token);
        var expected = await SnapshotReader.ReadAsync(db.Source, RestoreDatabases.Schema, OrgLayout.Scope, Token);
        var restored = await db.CopyAsync(Token);
        await RestoreDatabases.Execute(restored, flaw, Token);

        var verification = await RestoreVerifier.VerifyAsync(restored, expected, Options, Token);

        verification.Checks.SelectMany(c => c.Findings).Should().Contain(f => f.Rule.Id == rule && f.Subject == subject,
            string.Join("; ", verification.Checks.SelectMany(c => c.Findings).Select(f => $"{f.Rule.Id} {f.Subject}")));
    }

    [Fact]
    public async Task Rows_moved_between_tenants_are_found_from_the_digests_alone()
    {
        await using var db = await RestoreDatabases.CreateAsync(postgres, OrgLayout.Build(OrgLayout.NewRole()), Token);
        var expected = await SnapshotReader.ReadAsync(db.Source, RestoreDatabases.Schema, OrgLayout.Scope, Token);
        var restored = await db.CopyAsync(Token);
        await RestoreDatabases.Execute(restored, "UPDATE projects SET org_ref = 'initech' WHERE id IN (2, 3)", Token);

        var findings = (await RestoreVerifier.VerifyAsync(restored, expected, Options, Token)).Checks.SelectMany(c => c.Findings).ToList();

        var moved = findings.Should().ContainSingle(f => f.Rule == DrillRules.CrossTenantContamination).Which;
        moved.Message.Should().Be("2 rows of projects moved from tenant acme to tenant initech in the restored database");
        moved.Tenants.Should().Be(new FindingTenants("initech", "acme"));
        findings.Where(f => f.Rule == DrillRules.TenantRowsDiffer).Select(f => f.Subject).Should().BeEquivalentTo(["projects tenant acme", "projects tenant initech"]);
    }

    [Fact]
    public async Task A_reference_database_names_the_missing_extra_changed_and_moved_keys()
    {
        await using var db = await RestoreDatabases.CreateAsync(postgres, OrgLayout.Build(OrgLayout.NewRole()), Token);
        var expected = await SnapshotReader.ReadAsync(db.Source, RestoreDatabases.Schema, OrgLayout.Scope, Token);
        var reference = await db.CopyAsync(Token);
        var restored = await db.CopyAsync(Token);
        await RestoreDatabases.Execute(restored, """
            DELETE FROM projects WHERE id = 2;
            UPDATE projects SET org_ref = 'initech' WHERE id = 3;
            UPDATE projects SET name = 'renamed' WHERE id = 5;
            INSERT INTO documents VALUES ('globex', 7, 'late write');
            """, Token);

        var verification = await RestoreVerifier.VerifyAsync(restored, expected, Options with { AgainstConnectionString = reference }, Token);

        var rows = verification.Checks.Single(c => c.Rule == DrillRules.TenantRowsDiffer).Findings.ToDictionary(f => f.Subject, f => f.Evidence);
        rows["projects tenant acme"].Should().Contain("missing: 2, 3 (now under tenant initech)");
        rows["projects tenant initech"].Should().Contain("extra: 3 (was tenant acme's)");
        rows["projects tenant globex"].Should().Contain("changed: 5");
        rows["documents tenant globex"].Should().Contain("extra: (globex,7)");
        var moved = verification.Checks.Single(c => c.Rule == DrillRules.CrossTenantContamination).Findings.Should().ContainSingle().Which;
        moved.Message.Should().Be("1 rows of projects moved from tenant acme to tenant initech in the restored database");
        moved.Evidence.Should().Be("keys 3");
    }

    [Fact]
    public async Task A_role_the_restored_server_lacks_is_named_with_what_it_was_granted_and_how_to_bring_it_back()
    {
        var role = OrgLayout.NewRole();
        await using var db = await RestoreDatabases.CreateAsync(postgres, OrgLayout.Build(role), Token);
        var expected = await SnapshotReader.ReadAsync(db.Source, RestoreDatabases.Schema, OrgLayout.Scope, Token);
        var restored = await db.CopyAsync(Token);
        await db.DropSourceAsync(Token);
        // What a logical restore without the globals leaves: no grants or policies for the role, and no role.
        await RestoreDatabases.Execute(restored, $"""
            DROP POLICY projects_org ON projects;
            DROP POLICY documents_org ON documents;
            REVOKE ALL ON ALL TABLES IN SCHEMA app FROM "{role}";
            REVOKE ALL ON SCHEMA app FROM "{role}";
            """, Token);
        await db.AdminAsync($"DROP ROLE \"{role}\"", Token);

        var verification = await RestoreVerifier.VerifyAsync(restored, expected, Options, Token);

        var catalog = verification.Checks.Single(c => c.Rule == DrillRules.SecurityCatalogDiffers).Findings;
        var missing = catalog.Should().ContainSingle(f => f.Subject == $"Role {role}").Which;
        missing.Message.Should().Be($"role {role} does not exist on the restored server: the grants and policies naming it are lost");
        missing.Evidence.Should().Contain("policy projects.projects_org").And.Contain("pg_dumpall --globals-only");
        catalog.Should().HaveCount(20, "the grants and policies lost with it follow, up to the most a check reports");
        catalog[^1].Message.Should().Contain("more like it");
    }

    [Fact]
    public async Task Tenants_left_out_are_not_judged()
    {
        await using var db = await RestoreDatabases.CreateAsync(postgres, OrgLayout.Build(OrgLayout.NewRole()), Token);
        var expected = await SnapshotReader.ReadAsync(db.Source, RestoreDatabases.Schema, OrgLayout.Scope, Token);
        var restored = await db.CopyAsync(Token);
        await RestoreDatabases.Execute(restored, "DELETE FROM projects WHERE id IN (2, 9)", Token);

        var verification = await RestoreVerifier.VerifyAsync(restored, expected, Options with { Tenants = new HashSet<string> { "initech" } }, Token);

        verification.Checks.SelectMany(c => c.Findings).Select(f => f.Subject).Should().Equal("projects tenant initech");
    }
}
