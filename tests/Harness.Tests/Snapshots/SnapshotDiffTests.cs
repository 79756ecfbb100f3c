using FluentAssertions;
using Harness.Snapshots;

namespace Harness.Tests.Snapshots;

/// <summary>The diff as a pure function of two snapshots built in memory.</summary>
public sealed class SnapshotDiffTests
{
    [Fact]
    public void Equal_snapshots_give_an_empty_diff_even_when_their_lists_are_different_instances()
    {
        var diff = SnapshotDiff.Between(SnapshotSamples.Baseline(), SnapshotSamples.Baseline() with { TakenAt = DateTimeOffset.UnixEpoch, Lsn = "0/1" });

        diff.IsEmpty.Should().BeTrue();
    }

    [Fact]
    public void Forced_row_level_security_removed_from_a_partition_is_a_changed_table()
    {
        var before = SnapshotSamples.Baseline();
        var after = WithSecurity(before, s => s with
        {
            Tables = [.. s.Tables.Select(t => t.Name == "events_2026" ? t with { ForceRowSecurity = false } : t)],
        });

        var change = SnapshotDiff.Between(before, after).Catalog.Should().ContainSingle().Which;

        change.Should().BeEquivalentTo(new CatalogChange(
            CatalogCategory.Table, "events_2026", ChangeKind.Changed,
            "table, partition of events, row level security on, force on, owner owner",
            "table, partition of events, row level security on, force off, owner owner"));
    }

    [Fact]
    public void Added_and_removed_objects_of_every_category_are_named_with_their_facts()
    {
        var before = SnapshotSamples.Baseline();
        var after = WithSecurity(before, s => s with
        {
            Policies = [s.Policies[0] with { Roles = ["app", "public"] }],
            Privileges = [.. s.Privileges, new PrivilegeSnapshot("table", "sites", null, "PUBLIC", "SELECT")],
            DefaultPrivileges = [],
            Views = [s.Views[0] with { SecurityInvoker = false, Reads = ["sites", "other.tenants"] }],
            Functions = [s.Functions[0] with { SearchPath = null }, new FunctionSnapshot("leak()", true, null, "owner")],
            ForeignKeys = [],
            Indexes = [s.Indexes[0] with { Columns = ["id", "tenant_id"] }],
            Roles = [s.Roles[0] with { BypassRls = true }, s.Roles[1]],
            Columns = [s.Columns[0], s.Columns[1] with { Nullable = true, Type = "text" }],
        });

        var diff = SnapshotDiff.Between(before, after);

        diff.Catalog.Select(c => (c.Category, c.Name, c.Kind)).Should().Equal(
            (CatalogCategory.Column, "sites.tenant_id", ChangeKind.Changed),
            (CatalogCategory.Policy, "sites.sites_tenant", ChangeKind.Changed),
            (CatalogCategory.Privilege, "table sites: SELECT to PUBLIC", ChangeKind.Added),
            (CatalogCategory.DefaultPrivilege, "tables created by owner in the schema: SELECT to app", ChangeKind.Removed),
            (CatalogCategory.View, "site_names", ChangeKind.Changed),
            (CatalogCategory.Function, "leak()", ChangeKind.Added),
            (CatalogCategory.Function, "site_count(t uuid)", ChangeKind.Changed),
            (CatalogCategory.ForeignKey, "sites.sites_tenant_fkey", ChangeKind.Removed),
            (CatalogCategory.Index, "sites.sites_pkey", ChangeKind.Changed),
            (CatalogCategory.Role, "app", ChangeKind.Changed));
        diff.Catalog[0].Should().BeEquivalentTo(new { Before = "uuid not null", After = "text null" });
        diff.Catalog[1].After.Should().Be("permissive for ALL to app, public using ((tenant_id = current_tenant()))");
        diff.Catalog[4].After.Should().Contain("security_invoker off").And.Contain("reads sites, other.tenants");
        diff.Catalog[6].After.Should().Contain("search_path not set");
        diff.Catalog[7].Before.Should().Be("(tenant_id) references tenants (id)");
        diff.Catalog[7].After.Should().BeNull();
        diff.Catalog[9].After.Should().Be("superuser off, bypassrls on, login on");
        diff.Data.Should().BeEmpty();
        diff.Canaries.Should().BeEmpty();
    }

    [Fact]
    public void A_row_moved_between_tenants_changes_both_digests_and_a_tenant_gone_has_zero_rows()
    {
        var before = SnapshotSamples.Baseline();
        var after = before with
        {
            Data =
            [
                new TenantTableDigest("sites", "t1", 1, 11m, 101m),
                new TenantTableDigest("sites", "t2", 2, 21m, 201m),
                new TenantTableDigest("sites", "t3", 1, 30m, 300m),
                new TenantTableDigest("sites", "t4", 1, 40m, 400m),
            ],
        };

        SnapshotDiff.Between(before, after).Data.Should().Equal(
            new DataChange("sites", "t1", 2, 1, true, true),
            new DataChange("sites", "t2", 1, 2, true, true),
            new DataChange("sites", "t3", 0, 1, true, true),
            new DataChange("sites", "t4", 0, 1, true, true),
            new DataChange("sites", null, 1, 0, true, true));
    }

    [Fact]
    public void An_edited_value_changes_only_the_row_hash()
    {
        var before = SnapshotSamples.Baseline();
        var after = before with { Data = [before.Data[0] with { RowHash = 101m }, before.Data[1], before.Data[2]] };

        SnapshotDiff.Between(before, after).Data.Should().Equal(new DataChange("sites", "t1", 2, 2, false, true));
    }

    [Fact]
    public void Canaries_that_moved_vanished_appeared_or_were_duplicated_are_told_apart()
    {
        var before = SnapshotSamples.Baseline() with
        {
            Canaries =
            [
                new CanaryPlacement("cnry-a", "sites", "t1"),
                new CanaryPlacement("cnry-b", "sites", "t2"),
                new CanaryPlacement("cnry-c", "sites", "t1"),
                new CanaryPlacement("cnry-same", "notes", "t1"),
            ],
        };
        var after = before with
        {
            Canaries =
            [
                new CanaryPlacement("cnry-a", "sites", "t2"),
                new CanaryPlacement("cnry-c", "sites", "t1"),
                new CanaryPlacement("cnry-c", "archive", "t1"),
                new CanaryPlacement("cnry-d", "sites", "t3"),
                new CanaryPlacement("cnry-same", "notes", "t1"),
            ],
        };

        var changes = SnapshotDiff.Between(before, after).Canaries;

        changes.Select(c => (c.Token, c.Kind)).Should().Equal(
            ("cnry-a", CanaryChangeKind.Moved),
            ("cnry-b", CanaryChangeKind.Vanished),
            ("cnry-c", CanaryChangeKind.Duplicated),
            ("cnry-d", CanaryChangeKind.Appeared));
        changes[0].After.Should().Equal(new CanaryPlacement("cnry-a", "sites", "t2"));
        changes[2].After.Select(p => p.Table).Should().Equal("archive", "sites");
    }

    private static DatabaseSnapshot WithSecurity(DatabaseSnapshot snapshot, Func<SecurityCatalog, SecurityCatalog> change) =>
        snapshot with { Security = change(snapshot.Security) };
}
