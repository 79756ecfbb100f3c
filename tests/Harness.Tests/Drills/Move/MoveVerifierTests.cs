using FluentAssertions;
using Harness.Drills;
using Harness.Drills.Move;
using Harness.Running;
using Harness.Snapshots;
using Harness.Tests.Infrastructure;

namespace Harness.Tests.Drills.Move;

/// <summary>
/// verify-move on the tests' own schema (integer tenant key, soft deletes, tables reached only through foreign keys): the
/// reference mover between two schemas of one database, clean and with each planted flaw, and the verifier run as a role
/// that may only SELECT.
/// </summary>
public sealed class MoveVerifierTests(PostgresFixture postgres)
{
    private const string Tenant = "1";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private string Admin => postgres.AdminConnectionString;

    [Fact]
    public async Task A_clean_move_passes_with_every_table_and_after_the_delete_nothing_is_left()
    {
        var (source, target, tables) = await PoolAndCellAsync("mv_clean");
        await ReferenceMover.CopyAsync(Admin, source, Admin, target, tables, Tenant, MoverFlaw.None, Token);

        var copied = await VerifyAsync(source, target, complete: false);
        copied.Checks.Should().OnlyContain(c => c.Findings.Count == 0 && c.NotCovered == null);
        copied.Checks.Where(c => c.Rule == DrillRules.MoveIncomplete).Select(c => c.Subject)
            .Should().HaveCount(5).And.Contain(s => s.StartsWith("note_reactions", StringComparison.Ordinal));
        (await OwnSchema.CountAsync(Admin, $"""SELECT count(*) FROM "{target}".projects WHERE deleted_at IS NOT NULL""", Token))
            .Should().Be(1, "the soft-deleted project moves too");

        var before = await TenantRowReader.ReadAsync(Admin, source, tables, Tenant, false, 5, Token);
        await ReferenceMover.DeleteAsync(Admin, source, tables, Tenant, MoverFlaw.None, Token);
        var done = await VerifyAsync(source, target, complete: true, before: before);

        done.Checks.Should().OnlyContain(c => c.Findings.Count == 0 && c.NotCovered == null);
        done.Checks.Should().Contain(c => c.Rule == DrillRules.MoveLeftovers);
        (await OwnSchema.CountAsync(Admin, $"""SELECT count(*) FROM "{source}".accounts""", Token)).Should().Be(2, "the other tenants stay");
    }

    [Fact]
    public async Task A_mover_that_forgets_a_child_table_is_MOV002_on_that_table()
    {
        var (source, target, tables) = await PoolAndCellAsync("mv_forget");

        await ReferenceMover.CopyAsync(Admin, source, Admin, target, tables, Tenant, MoverFlaw.ForgetsChildTable, Token);
        var result = await VerifyAsync(source, target, complete: false);

        var forgotten = tables.InForeignKeyOrder[^1].Name;
        result.Findings.Should().ContainSingle().Which.Should().Match<Harness.Findings.Finding>(f =>
            f.Rule == DrillRules.MoveIncomplete && f.Subject == forgotten && f.Message.Contains("missing"));
    }

    [Fact]
    public async Task A_join_through_a_foreign_key_not_restricted_to_the_tenant_is_MOV001_with_the_other_tenants_rows()
    {
        var (source, target, tables) = await PoolAndCellAsync("mv_carry");

        await ReferenceMover.CopyAsync(Admin, source, Admin, target, tables, Tenant, MoverFlaw.CopiesOtherTenantsThroughForeignKey, Token);
        var result = await VerifyAsync(source, target, complete: false);

        var carried = result.Findings.Where(f => f.Rule == DrillRules.MoveCarriedOtherTenant).ToList();
        carried.Select(f => f.Subject).Should().BeEquivalentTo("project_notes", "note_reactions");
        carried.Should().OnlyContain(f => f.Message.StartsWith("4 rows", StringComparison.Ordinal), "accounts 2 and 3 have two projects each");
        carried[0].Evidence.Should().Contain("(tenant none)", "their parents did not come along");
        result.Findings.Should().OnlyContain(f => f.Rule == DrillRules.MoveCarriedOtherTenant, "the tenant's own rows are all there");
    }

    [Fact]
    public async Task A_mover_that_leaves_the_tenant_row_in_the_pool_is_MOV003_once_the_move_is_declared_complete()
    {
        var (source, target, tables) = await PoolAndCellAsync("mv_left");
        var before = await TenantRowReader.ReadAsync(Admin, source, tables, Tenant, false, 5, Token);

        await ReferenceMover.CopyAsync(Admin, source, Admin, target, tables, Tenant, MoverFlaw.LeavesLeftovers, Token);
        await ReferenceMover.DeleteAsync(Admin, source, tables, Tenant, MoverFlaw.LeavesLeftovers, Token);
        var result = await VerifyAsync(source, target, complete: true, before: before);

        result.Findings.Should().ContainSingle().Which.Should().Match<Harness.Findings.Finding>(f =>
            f.Rule == DrillRules.MoveLeftovers && f.Subject == "accounts" && f.Message.StartsWith("1 rows of tenant 1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_destination_without_the_sources_policy_or_FORCE_is_MOV004()
    {
        var (source, target, tables) = await PoolAndCellAsync("mv_sec");
        await ReferenceMover.CopyAsync(Admin, source, Admin, target, tables, Tenant, MoverFlaw.None, Token);
        await OwnSchema.ExecuteAsync(postgres.ConnectionStringFor(target), "DROP POLICY projects_live ON projects; ALTER TABLE projects NO FORCE ROW LEVEL SECURITY", Token);

        var result = await VerifyAsync(source, target, complete: false);

        result.Findings.Should().OnlyContain(f => f.Rule == DrillRules.MoveSecurityMissing && f.Subject == "projects");
        result.Findings.Select(f => f.Message).Should().Contain(m => m.Contains("policy projects_live")).And.Contain(m => m.Contains("row level security"));
    }

    [Fact]
    public async Task After_the_source_is_emptied_a_snapshot_judges_the_keyed_tables_and_the_foreign_key_only_ones_are_not_covered()
    {
        var (source, target, tables) = await PoolAndCellAsync("mv_snap");
        var snapshot = await SnapshotReader.ReadAsync(Admin, source, new SnapshotScope { TenantKey = "account_no", Root = new SnapshotRoot("accounts", "account_no") }, Token);
        await ReferenceMover.CopyAsync(Admin, source, Admin, target, tables, Tenant, MoverFlaw.None, Token);
        await ReferenceMover.DeleteAsync(Admin, source, tables, Tenant, MoverFlaw.None, Token);
        await OwnSchema.ExecuteAsync(postgres.ConnectionStringFor(target), "DELETE FROM audit_events WHERE event = 'paid'", Token);

        var result = await MoveVerifier.VerifyAsync(Admin, Admin,
            new MoveVerifyRequest { Tenant = Tenant, Tenancy = OwnSchema.Tenancy, SourceSchema = source, TargetSchema = target, Snapshot = snapshot, Complete = true }, Token);

        result.Findings.Should().ContainSingle().Which.Should().Match<Harness.Findings.Finding>(f => f.Rule == DrillRules.MoveIncomplete && f.Subject == "audit_events");
        result.NotCovered.Select(c => c.Subject.Split(' ')[0]).Should().BeEquivalentTo("project_notes", "note_reactions");
    }

    [Fact]
    public async Task Without_a_snapshot_a_source_that_no_longer_has_the_tenant_cannot_be_judged_and_says_so()
    {
        var (source, target, tables) = await PoolAndCellAsync("mv_gone");
        await ReferenceMover.CopyAsync(Admin, source, Admin, target, tables, Tenant, MoverFlaw.None, Token);
        await ReferenceMover.DeleteAsync(Admin, source, tables, Tenant, MoverFlaw.None, Token);

        var act = () => VerifyAsync(source, target, complete: true);

        await act.Should().ThrowAsync<TenantDataException>().WithMessage("*no row of tenant 1*--snapshot*");
    }

    [Fact]
    public async Task A_select_only_role_verifies_without_changing_either_side_and_one_that_RLS_filters_is_told_so()
    {
        var (source, target, tables) = await PoolAndCellAsync("mv_ro");
        await ReferenceMover.CopyAsync(Admin, source, Admin, target, tables, Tenant, MoverFlaw.ForgetsChildTable, Token);
        var reader = await OwnSchema.ReaderAsync(postgres, bypassRls: true, Token, source, target);
        var filtered = await OwnSchema.ReaderAsync(postgres, bypassRls: false, Token, source, target);
        var scope = new SnapshotScope { TenantKey = "account_no", Root = new SnapshotRoot("accounts", "account_no") };
        var sourceBefore = await SnapshotReader.ReadAsync(Admin, source, scope, Token);
        var targetBefore = await SnapshotReader.ReadAsync(Admin, target, scope, Token);

        var result = await MoveVerifier.VerifyAsync(reader, reader,
            new MoveVerifyRequest { Tenant = Tenant, Tenancy = OwnSchema.Tenancy, SourceSchema = source, TargetSchema = target, Complete = true }, Token);
        var refused = () => MoveVerifier.VerifyAsync(filtered, filtered,
            new MoveVerifyRequest { Tenant = Tenant, Tenancy = OwnSchema.Tenancy, SourceSchema = source, TargetSchema = target }, Token);

        result.Findings.Select(f => f.Rule).Should().Contain(DrillRules.MoveIncomplete).And.Contain(DrillRules.MoveLeftovers);
        (await refused.Should().ThrowAsync<TenantDataException>()).WithMessage("*row-level security*BYPASSRLS*");
        SnapshotDiff.Between(sourceBefore, await SnapshotReader.ReadAsync(Admin, source, scope, Token)).Data.Should().BeEmpty();
        SnapshotDiff.Between(targetBefore, await SnapshotReader.ReadAsync(Admin, target, scope, Token)).Data.Should().BeEmpty();
    }

    private async Task<(string Source, string Target, TenantTables Tables)> PoolAndCellAsync(string prefix)
    {
        var role = OwnSchema.NewRole();
        var source = await OwnSchema.CreateAsync(postgres, prefix + "_pool", rows: true, role, Token);
        var target = await OwnSchema.CreateAsync(postgres, prefix + "_cell", rows: false, role, Token);
        var tables = TenantTables.From(await TenantRowReader.ReadCatalogAsync(Admin, source, Token), OwnSchema.Tenancy);
        return (source, target, tables);
    }

    private Task<ScenarioResult> VerifyAsync(string source, string target, bool complete, IReadOnlyList<TenantRows>? before = null) =>
        MoveVerifier.VerifyAsync(Admin, Admin,
            new MoveVerifyRequest { Tenant = Tenant, Tenancy = OwnSchema.Tenancy, SourceSchema = source, TargetSchema = target, Complete = complete, Before = before },
            Token);
}
