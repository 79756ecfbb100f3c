using FluentAssertions;
using Harness.Snapshots;
using Harness.Tests.Infrastructure;

namespace Harness.Tests.Snapshots;

/// <summary>Snapshots of a real schema before and after a change: the diff names each change a migration can make to isolation.</summary>
public sealed class SnapshotDiffDatabaseTests(PostgresFixture postgres)
{
    private static readonly SnapshotScope Scope = new()
    {
        TenantKey = SnapshotSchema.TenantKey,
        Root = new SnapshotRoot("tenants", "id"),
        Canaries = [SnapshotSchema.CanaryA, SnapshotSchema.CanaryA2, SnapshotSchema.CanaryB],
    };

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_unchanged_schema_gives_an_empty_diff()
    {
        var db = await SnapshotSchema.CreateAsync(postgres, "snap_same", Token);

        var before = await SnapshotReader.ReadAsync(db.Admin, db.Schema, Scope, Token);
        var after = await SnapshotReader.ReadAsync(db.Admin, db.Schema, Scope, Token);

        var diff = SnapshotDiff.Between(before, after);
        diff.IsEmpty.Should().BeTrue(SnapshotJson.Serialize(diff));
    }

    [Theory]
    [InlineData("ALTER TABLE sites DISABLE ROW LEVEL SECURITY", CatalogCategory.Table, "sites", ChangeKind.Changed, "row level security off")]
    [InlineData("ALTER TABLE tenants NO FORCE ROW LEVEL SECURITY", CatalogCategory.Table, "tenants", ChangeKind.Changed, "force off")]
    [InlineData("ALTER POLICY events_tenant ON events TO PUBLIC", CatalogCategory.Policy, "events.events_tenant", ChangeKind.Changed, "to public")]
    [InlineData("CREATE POLICY sites_open ON sites USING (true)", CatalogCategory.Policy, "sites.sites_open", ChangeKind.Added, "permissive for ALL to public using (true)")]
    [InlineData("GRANT SELECT ON sites TO PUBLIC", CatalogCategory.Privilege, "table sites: SELECT to PUBLIC", ChangeKind.Added, "SELECT to PUBLIC")]
    [InlineData("GRANT EXECUTE ON FUNCTION pinned() TO PUBLIC", CatalogCategory.Privilege, "function pinned(): EXECUTE to PUBLIC", ChangeKind.Added, "EXECUTE to PUBLIC")]
    [InlineData("ALTER VIEW site_names RESET (security_invoker)", CatalogCategory.View, "site_names", ChangeKind.Changed, "security_invoker off")]
    [InlineData("ALTER VIEW site_counts SET (security_barrier = false)", CatalogCategory.View, "site_counts", ChangeKind.Changed, "security_barrier off")]
    [InlineData("ALTER TABLE sites ALTER COLUMN tenant_id DROP NOT NULL", CatalogCategory.Column, "sites.tenant_id", ChangeKind.Changed, "text null")]
    [InlineData("ALTER TABLE sites ALTER COLUMN tenant_id SET DEFAULT 'a'", CatalogCategory.Column, "sites.tenant_id", ChangeKind.Changed, "default 'a'::text")]
    [InlineData("ALTER FUNCTION pinned() RESET search_path", CatalogCategory.Function, "pinned()", ChangeKind.Changed, "search_path not set")]
    [InlineData("ALTER FUNCTION unpinned(text) SECURITY INVOKER", CatalogCategory.Function, "unpinned(t text)", ChangeKind.Changed, "security invoker")]
    [InlineData("ALTER TABLE sites DROP CONSTRAINT sites_tenant_id_fkey", CatalogCategory.ForeignKey, "sites.sites_tenant_id_fkey", ChangeKind.Removed, null)]
    [InlineData("DROP INDEX sites_by_tenant", CatalogCategory.Index, "sites.sites_by_tenant", ChangeKind.Removed, null)]
    [InlineData("CREATE TABLE events_b PARTITION OF events FOR VALUES IN ('zz')", CatalogCategory.Table, "events_b", ChangeKind.Added, "partition of events, row level security off")]
    public async Task Each_change_to_isolation_shows_in_the_diff(string sql, CatalogCategory category, string name, ChangeKind kind, string? after)
    {
        var db = await SnapshotSchema.CreateAsync(postgres, "snap_chg", Token);
        var before = await SnapshotReader.ReadAsync(db.Admin, db.Schema, Scope, Token);

        await db.ExecuteAsync(sql, Token);
        var diff = SnapshotDiff.Between(before, await SnapshotReader.ReadAsync(db.Admin, db.Schema, Scope, Token));

        var change = diff.Catalog.Should().ContainSingle(c => c.Category == category && c.Name == name, SnapshotJson.Serialize(diff)).Which;
        change.Kind.Should().Be(kind);
        if (after is null)
        {
            change.After.Should().BeNull();
        }
        else
        {
            change.After.Should().Contain(after);
        }

        diff.Data.Should().BeEmpty("no row changed");
        diff.Canaries.Should().BeEmpty();
    }

    [Fact]
    public async Task Default_privileges_widened_show_in_the_diff()
    {
        var db = await SnapshotSchema.CreateAsync(postgres, "snap_defp", Token);
        var before = await SnapshotReader.ReadAsync(db.Admin, db.Schema, Scope, Token);

        await db.ExecuteAsync($"""ALTER DEFAULT PRIVILEGES IN SCHEMA "{db.Schema}" GRANT INSERT ON TABLES TO PUBLIC""", Token);
        var diff = SnapshotDiff.Between(before, await SnapshotReader.ReadAsync(db.Admin, db.Schema, Scope, Token));

        diff.Catalog.Should().ContainSingle(c => c.Category == CatalogCategory.DefaultPrivilege && c.Kind == ChangeKind.Added)
            .Which.Name.Should().Contain("tables created by").And.Contain("in the schema: INSERT to PUBLIC");
    }

    [Fact]
    public async Task A_row_moved_to_another_tenant_changes_both_tenants_digests_and_moves_its_canary()
    {
        var db = await SnapshotSchema.CreateAsync(postgres, "snap_move", Token);
        var before = await SnapshotReader.ReadAsync(db.Admin, db.Schema, Scope, Token);

        await db.ExecuteAsync("UPDATE sites SET tenant_id = 'b' WHERE id = 1", Token);
        var diff = SnapshotDiff.Between(before, await SnapshotReader.ReadAsync(db.Admin, db.Schema, Scope, Token));

        diff.Catalog.Should().BeEmpty();
        diff.Data.Should().Equal(
            new DataChange("sites", "a", 2, 1, true, true),
            new DataChange("sites", "b", 1, 2, true, true));
        diff.Canaries.Should().ContainSingle().Which.Should().BeEquivalentTo(new CanaryChange(
            SnapshotSchema.CanaryA, CanaryChangeKind.Moved,
            [new CanaryPlacement(SnapshotSchema.CanaryA, "sites", "a")],
            [new CanaryPlacement(SnapshotSchema.CanaryA, "sites", "b")]));
    }

    [Fact]
    public async Task A_value_edited_in_place_changes_the_row_hash_but_not_the_key_hash()
    {
        var db = await SnapshotSchema.CreateAsync(postgres, "snap_edit", Token);
        var before = await SnapshotReader.ReadAsync(db.Admin, db.Schema, Scope, Token);

        await db.ExecuteAsync($"UPDATE events SET note = 'renamed' WHERE tenant_id = 'c'; DELETE FROM sites WHERE id = 2", Token);
        var diff = SnapshotDiff.Between(before, await SnapshotReader.ReadAsync(db.Admin, db.Schema, Scope, Token));

        diff.Data.Should().Equal(
            new DataChange("events", "c", 1, 1, false, true),
            new DataChange("sites", "a", 2, 1, true, true));
        diff.Canaries.Should().ContainSingle().Which.Kind.Should().Be(CanaryChangeKind.Vanished);
    }
}
