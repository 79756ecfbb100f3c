using FluentAssertions;
using Harness.Snapshots;
using Harness.Tests.Infrastructure;
using Npgsql;

namespace Harness.Tests.Snapshots;

/// <summary>The snapshot of a real schema: every catalog fact it is meant to hold, per-tenant digests, canary placements, read-only.</summary>
public sealed class SnapshotReaderTests(PostgresFixture postgres)
{
    private static readonly SnapshotScope Scope = new()
    {
        TenantKey = SnapshotSchema.TenantKey,
        Root = new SnapshotRoot("tenants", "id"),
        Canaries = [SnapshotSchema.CanaryA, SnapshotSchema.CanaryA2, SnapshotSchema.CanaryB, "cnry-t0009-r0009-none"],
    };

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_catalog_holds_tables_partitions_columns_policies_views_functions_keys_and_indexes()
    {
        var db = await SnapshotSchema.CreateAsync(postgres, "snap_cat", Token);

        var snapshot = await SnapshotReader.ReadAsync(db.Admin, db.Schema, SnapshotScope.CatalogOnly, Token);
        var admin = new NpgsqlConnectionStringBuilder(db.Admin).Username!;
        var security = snapshot.Security;

        snapshot.Schema.Should().Be(db.Schema);
        snapshot.Lsn.Should().NotBeNullOrEmpty();
        snapshot.TakenAt.Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5));
        snapshot.Data.Should().BeEmpty("no tenancy was given");
        security.Tables.Should().Equal(
            new TableSecurity("events", "p", null, true, false, admin),
            new TableSecurity("events_a", "r", "events", false, false, admin),
            new TableSecurity("events_rest", "r", "events", false, false, admin),
            new TableSecurity("settings", "r", null, false, false, admin),
            new TableSecurity("sites", "r", null, true, true, admin),
            new TableSecurity("tenants", "r", null, true, true, admin));
        security.Columns.Should().ContainEquivalentOf(new ColumnSnapshot("sites", "tenant_id", "text", false, null));
        security.Columns.Should().ContainEquivalentOf(new ColumnSnapshot("sites", "created", "timestamp with time zone", false, "now()"));
        security.Columns.Should().ContainEquivalentOf(new ColumnSnapshot("events_a", "note", "text", true, null));
        security.Policies.Select(p => (p.Table, p.Name, p.Command, Roles: string.Join(",", p.Roles), p.Permissive)).Should().Equal(
            ("events", "events_tenant", "ALL", db.AppRole, true),
            ("sites", "sites_tenant", "ALL", "public", true),
            ("tenants", "tenants_own", "ALL", "public", true));
        security.Policies.Single(p => p.Name == "sites_tenant").Using.Should().Contain("current_setting('app.tenant'");
        security.Views.Should().BeEquivalentTo(new[]
        {
            new ViewSnapshot("site_counts", false, false, true, ["sites"], admin),
            new ViewSnapshot("site_names", false, true, false, ["sites"], admin),
        }, o => o.WithStrictOrdering());
        security.Functions.Should().Equal(
            new FunctionSnapshot("pinned()", true, "pg_catalog, pg_temp", admin),
            new FunctionSnapshot("unpinned(t text)", true, null, admin));
        security.ForeignKeys.Should().ContainSingle().Which.Should().BeEquivalentTo(
            new ForeignKeySnapshot("sites", "sites_tenant_id_fkey", ["tenant_id"], "tenants", ["id"]));
        security.Indexes.Should().ContainEquivalentOf(new IndexSnapshot("sites", "sites_by_tenant", ["tenant_id", "name"], false));
        security.Indexes.Should().ContainEquivalentOf(new IndexSnapshot("events", "events_pkey", ["id", "tenant_id"], true));
        security.Roles.Should().ContainEquivalentOf(new RoleSnapshot(db.AppRole, false, false, false));
        security.Roles.Should().Contain(r => r.Name == admin && r.Superuser);
    }

    [Fact]
    public async Task Privileges_list_column_grants_PUBLIC_the_default_EXECUTE_the_schema_and_default_privileges()
    {
        var db = await SnapshotSchema.CreateAsync(postgres, "snap_priv", Token);

        var security = (await SnapshotReader.ReadAsync(db.Admin, db.Schema, SnapshotScope.CatalogOnly, Token)).Security;
        var admin = new NpgsqlConnectionStringBuilder(db.Admin).Username!;

        security.Privileges.Should().Contain(new PrivilegeSnapshot("column", "sites", "name", db.AppRole, "UPDATE"));
        security.Privileges.Should().Contain(new PrivilegeSnapshot("table", "sites", null, db.AppRole, "SELECT"));
        security.Privileges.Should().Contain(new PrivilegeSnapshot("view", "site_names", null, "PUBLIC", "SELECT"));
        security.Privileges.Should().Contain(new PrivilegeSnapshot("schema", db.Schema, null, db.AppRole, "USAGE"));
        security.Privileges.Should().Contain(
            new PrivilegeSnapshot("function", "unpinned(t text)", null, "PUBLIC", "EXECUTE"), "a function never granted has EXECUTE for PUBLIC");
        security.Privileges.Should().NotContain(
            new PrivilegeSnapshot("function", "pinned()", null, "PUBLIC", "EXECUTE"), "it was revoked");
        security.Privileges.Should().Contain(new PrivilegeSnapshot("function", "pinned()", null, admin, "EXECUTE"));
        security.Privileges.Should().NotContain(p => p.Name == "sites" && p.Grantee == "PUBLIC");
        security.DefaultPrivileges.Should().Contain(new DefaultPrivilegeSnapshot(admin, "tables", true, db.AppRole, "SELECT"));
        security.Privileges.Should().BeInAscendingOrder(p => p.ObjectKind, StringComparer.Ordinal);
    }

    [Fact]
    public async Task Data_is_digested_per_tenant_for_parents_not_partitions_and_canaries_are_placed_by_tenant()
    {
        var db = await SnapshotSchema.CreateAsync(postgres, "snap_data", Token);

        var snapshot = await SnapshotReader.ReadAsync(db.Admin, db.Schema, Scope, Token);

        snapshot.TenantKey.Should().Be(SnapshotSchema.TenantKey);
        snapshot.Data.Select(d => (d.Table, d.TenantId, d.Rows)).Should().Equal(
            ("events", "a", 2L), ("events", "b", 1L), ("events", "c", 1L),
            ("sites", "a", 2L), ("sites", "b", 1L),
            ("tenants", "a", 1L), ("tenants", "b", 1L), ("tenants", "c", 1L));
        snapshot.Data.Should().OnlyContain(d => d.KeyHash != null, "every digested table has a primary key");
        snapshot.Data.Single(d => d.Table == "events" && d.TenantId == "b").RowHash
            .Should().NotBe(snapshot.Data.Single(d => d.Table == "events" && d.TenantId == "c").RowHash);
        snapshot.Canaries.Should().Equal(
            new CanaryPlacement(SnapshotSchema.CanaryA, "sites", "a"),
            new CanaryPlacement(SnapshotSchema.CanaryA2, "sites", "a"),
            new CanaryPlacement(SnapshotSchema.CanaryB, "settings", null),
            new CanaryPlacement(SnapshotSchema.CanaryB, "sites", "b"));
    }

    [Fact]
    public async Task A_role_with_only_USAGE_and_SELECT_takes_the_same_snapshot_as_the_admin()
    {
        var db = await SnapshotSchema.CreateAsync(postgres, "snap_ro", Token);
        var reader = $"snap_ro_{Guid.NewGuid():N}"[..20];
        await db.ExecuteAsync($"""
            CREATE ROLE "{reader}" LOGIN PASSWORD '{reader}' BYPASSRLS;
            GRANT USAGE ON SCHEMA "{db.Schema}" TO "{reader}";
            GRANT SELECT ON ALL TABLES IN SCHEMA "{db.Schema}" TO "{reader}";
            """, Token);
        var asReader = new NpgsqlConnectionStringBuilder(db.Admin) { Username = reader, Password = reader }.ConnectionString;

        var byAdmin = await SnapshotReader.ReadAsync(db.Admin, db.Schema, Scope, Token);
        var byReader = await SnapshotReader.ReadAsync(asReader, db.Schema, Scope, Token);

        SnapshotDiff.Between(byAdmin, byReader).IsEmpty.Should().BeTrue("the same point of the same schema, read by either role");
        byReader.Data.Should().HaveCount(8);
        byReader.Canaries.Should().HaveCount(4);
    }

    [Fact]
    public async Task A_role_that_row_level_security_filters_is_refused_instead_of_digesting_part_of_the_rows()
    {
        var db = await SnapshotSchema.CreateAsync(postgres, "snap_rls", Token);
        var reader = $"snap_rls_{Guid.NewGuid():N}"[..20];
        await db.ExecuteAsync($"""
            CREATE ROLE "{reader}" LOGIN PASSWORD '{reader}';
            GRANT USAGE ON SCHEMA "{db.Schema}" TO "{reader}";
            GRANT SELECT ON ALL TABLES IN SCHEMA "{db.Schema}" TO "{reader}";
            """, Token);
        var asReader = new NpgsqlConnectionStringBuilder(db.Admin) { Username = reader, Password = reader }.ConnectionString;

        var read = () => SnapshotReader.ReadAsync(asReader, db.Schema, Scope, Token);

        (await read.Should().ThrowAsync<SnapshotException>())
            .Which.Message.Should().Contain(db.Schema).And.Contain("row-level security").And.Contain("BYPASSRLS");
        var catalogOnly = await SnapshotReader.ReadAsync(asReader, db.Schema, SnapshotScope.CatalogOnly, Token);
        catalogOnly.Security.Tables.Should().HaveCount(6, "the catalog needs no right on the rows");
    }

    [Fact]
    public async Task A_schema_that_does_not_exist_or_a_root_that_is_not_in_it_is_refused_naming_it()
    {
        var db = await SnapshotSchema.CreateAsync(postgres, "snap_miss", Token);
        var missing = db.Schema + "_missing";

        var noSchema = () => SnapshotReader.ReadAsync(db.Admin, missing, SnapshotScope.CatalogOnly, Token);
        var noRoot = () => SnapshotReader.ReadAsync(db.Admin, db.Schema, Scope with { Root = new SnapshotRoot("accounts", "id") }, Token);

        (await noSchema.Should().ThrowAsync<SnapshotException>()).Which.Message.Should().Contain(missing).And.Contain("does not exist");
        (await noRoot.Should().ThrowAsync<SnapshotException>()).Which.Message.Should().Contain("'accounts'").And.Contain("'id'");
    }
}
