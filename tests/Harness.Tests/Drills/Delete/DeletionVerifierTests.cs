using FluentAssertions;
using Harness.Drills;
using Harness.Drills.Delete;
using Harness.Drills.Move;
using Harness.Snapshots;
using Harness.Tests.Drills.Move;
using Harness.Tests.Infrastructure;

namespace Harness.Tests.Drills.Delete;

/// <summary>
/// verify-delete on the tests' own schema (a soft-delete column hidden by the app's policy, tables reached only through foreign
/// keys, a table with the key and no foreign key) and on the sample's: a clean deletion passes, a script that misses a table or
/// only soft-deletes is DEL001 per table, read as a role that may only SELECT.
/// </summary>
public sealed class DeletionVerifierTests(PostgresFixture postgres)
{
    private const string CleanDeletion = "DELETE FROM audit_events WHERE account_no = 1; DELETE FROM accounts WHERE account_no = 1;";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_clean_deletion_passes_and_the_other_tenants_rows_are_not_counted()
    {
        var schema = await OwnSchema.CreateAsync(postgres, "del_clean", rows: true, OwnSchema.NewRole(), Token);
        await OwnSchema.ExecuteAsync(postgres.ConnectionStringFor(schema), CleanDeletion, Token);

        var result = await DeletionVerifier.VerifyAsync(postgres.AdminConnectionString, schema, OwnSchema.Tenancy, "1", Token);

        result.Checks.Should().HaveCount(5).And.OnlyContain(c => c.Findings.Count == 0 && c.NotCovered == null);
    }

    [Fact]
    public async Task A_deletion_script_that_misses_a_table_is_DEL001_on_that_table_with_its_count()
    {
        var schema = await OwnSchema.CreateAsync(postgres, "del_miss", rows: true, OwnSchema.NewRole(), Token);
        await OwnSchema.ExecuteAsync(postgres.ConnectionStringFor(schema), "DELETE FROM accounts WHERE account_no = 1", Token);

        var result = await DeletionVerifier.VerifyAsync(postgres.AdminConnectionString, schema, OwnSchema.Tenancy, "1", Token);

        result.Findings.Should().ContainSingle().Which.Should().Match<Harness.Findings.Finding>(f =>
            f.Rule == DrillRules.DeletionLeftRows && f.Subject == "audit_events" && f.Message.StartsWith("2 rows of deleted tenant 1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_soft_deletion_leaves_rows_in_every_table_including_those_the_policy_hides_and_those_reached_through_foreign_keys()
    {
        var schema = await OwnSchema.CreateAsync(postgres, "del_soft", rows: true, OwnSchema.NewRole(), Token);
        await OwnSchema.ExecuteAsync(postgres.ConnectionStringFor(schema), "UPDATE projects SET deleted_at = now() WHERE account_no = 1; DELETE FROM audit_events WHERE account_no = 1", Token);
        var reader = await OwnSchema.ReaderAsync(postgres, bypassRls: true, Token, schema);
        var scope = new SnapshotScope { TenantKey = "account_no" };
        var before = await SnapshotReader.ReadAsync(postgres.AdminConnectionString, schema, scope, Token);

        var result = await DeletionVerifier.VerifyAsync(reader, schema, OwnSchema.Tenancy, "1", Token);

        result.Findings.Select(f => (f.Subject, f.Message.Split(' ')[0])).Should().BeEquivalentTo(new[]
        {
            ("accounts", "1"), ("projects", "2"), ("project_notes", "2"), ("note_reactions", "2"),
        });
        result.Findings.Single(f => f.Subject == "note_reactions").Evidence.Should().Contain("note_reactions -> project_notes -> projects.account_no");
        SnapshotDiff.Between(before, await SnapshotReader.ReadAsync(postgres.AdminConnectionString, schema, scope, Token)).Data.Should().BeEmpty("it only reads");
    }

    [Fact]
    public async Task On_the_samples_schema_a_tenant_deleted_children_first_passes_and_a_tenant_left_in_place_does_not()
    {
        var sample = await SampleSchema.CreateAsync(postgres, "del_sample", cancellationToken: Token);
        var ledger = await new Harness.Seeders.TenantSeeder(sample.Model, sample.Catalog, new Harness.Seeders.SeedOptions { Tenants = 3, UsersPerTenant = 2, RowsPerTable = 2 })
            .SeedAsync(sample.ConnectionString, cancellationToken: Token);
        var tenancy = new MoveTenancy(sample.Model.TenantKey, sample.Model.Root.Value, sample.Model.RootKey)
        {
            Global = sample.Model.GlobalTables.Select(t => t.Value).ToHashSet(StringComparer.Ordinal),
        };
        var (gone, kept) = (ledger.Tenants[0].TenantId, ledger.Tenants[1].TenantId);
        // The sample's foreign keys do not all cascade: the deletion goes children first, as the reference mover's does.
        var tables = TenantTables.From(sample.Catalog, tenancy);
        await ReferenceMover.DeleteAsync(postgres.AdminConnectionString, sample.Schema, tables, gone, MoverFlaw.None, Token);

        var clean = await DeletionVerifier.VerifyAsync(postgres.AdminConnectionString, sample.Schema, tenancy, gone, Token);
        var untouched = await DeletionVerifier.VerifyAsync(postgres.AdminConnectionString, sample.Schema, tenancy, kept, Token);

        clean.Findings.Should().BeEmpty();
        clean.Checks.Should().HaveCount(sample.Model.TenantTables.Count);
        untouched.Findings.Should().OnlyContain(f => f.Rule == DrillRules.DeletionLeftRows);
        untouched.Findings.Select(f => f.Subject).Should().Contain(sample.Model.Root.Value);
    }
}
